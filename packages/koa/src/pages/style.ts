/**
 * The one stylesheet of the hub's pages, inlined under the response's nonce. Every text/background pair
 * keeps at least 4.5:1 contrast; focus is always visible.
 */
export const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1b1f;background:#f2f3f5}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:1rem;box-sizing:border-box}
main{width:100%;max-width:32rem;box-sizing:border-box;background:#fff;border:1px solid #c4c7cc;border-radius:.75rem;padding:1.5rem 2rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1rem;margin:1.25rem 0 .25rem}
ul{margin:.25rem 0;padding-left:1.25rem}
code{font-size:.9375rem;background:#eef0f3;border-radius:.25rem;padding:0 .25rem;overflow-wrap:anywhere}
.note{color:#44474e;font-size:.9375rem}
.kicker{color:#44474e;font-size:.875rem;font-weight:600;margin:0 0 .25rem;text-transform:uppercase;letter-spacing:.04em}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;width:100%;box-sizing:border-box;margin-top:.25rem;padding:.5rem .625rem;color:inherit;background:#fff;border:1px solid #6b6e76;border-radius:.375rem}
input[aria-invalid=true]{border:2px solid #b3261e}
.field-error{color:#b3261e;font-weight:600;margin:.25rem 0 0}
.error-summary{border:2px solid #b3261e;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.error-summary h2{margin:0 0 .25rem;color:#b3261e}
.error-summary a{color:#b3261e}
.button{display:inline-block;font:inherit;font-weight:600;text-decoration:none;margin-top:1.5rem;padding:.625rem 1.25rem;color:#fff;background:#0b57d0;border:2px solid #0b57d0;border-radius:.375rem;cursor:pointer}
.button:hover{background:#0842a0;border-color:#0842a0}
:focus-visible{outline:3px solid #1b1b1f;outline-offset:2px}
`;
