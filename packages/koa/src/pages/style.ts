/**
 * The one stylesheet of the hub's pages, inlined under the response's nonce; light and dark schemes follow
 * the browser's `prefers-color-scheme`. Every text/background pair keeps at least 4.5:1 contrast; focus is
 * always visible. `--accent`/`--on-accent` are the workspace's colour, when it set one (see accent.ts).
 */
export const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;--text:#1b1b1f;--muted:#44474e;--page:#f2f3f5;--card:#fff;--line:#c4c7cc;--field:#6b6e76;--code:#eef0f3;--error:#b3261e;--accent:#0b57d0;--on-accent:#fff;--tile:#e3e5e8;color:var(--text);background:var(--page)}
@media (prefers-color-scheme:dark){:root{--text:#e6e6ea;--muted:#b8bbc3;--page:#111214;--card:#1e1f23;--line:#44474e;--field:#8e9199;--code:#2a2c31;--error:#ffb4ab;--accent:#a8c7fa;--on-accent:#062e6f;--tile:#303237}}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:1rem;box-sizing:border-box}
main{width:100%;max-width:32rem;box-sizing:border-box;background:var(--card);border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:.75rem;padding:1.5rem 2rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1rem;margin:1.25rem 0 .25rem}
ul{margin:.25rem 0;padding-inline-start:1.25rem}
a{color:inherit}
code{font-size:.9375rem;background:var(--code);border-radius:.25rem;padding:0 .25rem;overflow-wrap:anywhere}
.note{color:var(--muted);font-size:.9375rem}
.kicker{color:var(--muted);font-size:.875rem;font-weight:600;margin:0 0 .25rem;text-transform:uppercase;letter-spacing:.04em}
.brand{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem;margin:0 0 1rem}
.brand-name{font-weight:600;margin:0}
.logo{width:3rem;height:3rem;flex:none;border-radius:.5rem;object-fit:contain;background:var(--tile)}
.logo-initial{display:grid;place-items:center;font-weight:700;font-size:1.25rem;color:var(--text)}
.link-arrow{color:var(--muted);font-size:1.25rem}
[dir=rtl] .link-arrow{transform:scaleX(-1)}
.sensitive{font-size:.8125rem;font-weight:600;color:var(--error);border:1px solid var(--error);border-radius:.25rem;padding:0 .25rem;margin-inline-start:.375rem;white-space:nowrap}
details{margin-top:.75rem;color:var(--muted)}
summary{cursor:pointer}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;width:100%;box-sizing:border-box;margin-top:.25rem;padding:.5rem .625rem;color:inherit;background:var(--card);border:1px solid var(--field);border-radius:.375rem}
input[aria-invalid=true]{border:2px solid var(--error)}
.field-error{color:var(--error);font-weight:600;margin:.25rem 0 0}
.error-summary{border:2px solid var(--error);border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.error-summary h2{margin:0 0 .25rem;color:var(--error)}
.error-summary a{color:var(--error)}
.button{display:inline-block;font:inherit;font-weight:600;text-decoration:none;margin-top:1.5rem;padding:.625rem 1.25rem;color:var(--on-accent);background:var(--accent);border:2px solid var(--accent);border-radius:.375rem;cursor:pointer}
.button:hover{filter:brightness(.9)}
.button.secondary{margin-top:0;color:var(--text);background:var(--card);border-color:var(--field)}
.search-row{display:flex;gap:.5rem;align-items:stretch}
.search-row input{margin-top:0;flex:1;min-width:0}
.choices{list-style:none;padding:0;margin:1rem 0 0;display:grid;gap:.5rem}
.choice{display:flex;align-items:center;gap:.75rem;width:100%;font:inherit;font-weight:600;text-align:start;padding:.5rem .75rem;color:inherit;background:var(--card);border:1px solid var(--line);border-radius:.5rem;cursor:pointer}
.choice:hover{border-color:var(--accent)}
.choice .logo{width:2.5rem;height:2.5rem}
:focus-visible{outline:3px solid var(--text);outline-offset:2px}
`;
