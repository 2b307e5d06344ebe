import { randomBytes } from 'node:crypto';
import { SCOPE_DESCRIPTIONS } from './scopes.js';
import { DEFAULT_ACCOUNT_NAME, MAX_ACCOUNT_NAME_LENGTH } from './users.js';

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1b1f;background:#f2f3f5}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:1rem;box-sizing:border-box}
main{width:100%;max-width:34rem;box-sizing:border-box;background:#fff;border:1px solid #c4c7cc;border-radius:.75rem;padding:1.5rem 2rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1rem;margin:1.25rem 0 .25rem}
ul{margin:.25rem 0;padding-left:1.25rem}
.note{color:#44474e}
label{display:block;font-weight:600;margin-top:1.25rem}
input{font:inherit;width:100%;box-sizing:border-box;margin-top:.25rem;padding:.5rem .625rem;color:inherit;background:#fff;border:1px solid #6b6e76;border-radius:.375rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button{font:inherit;font-weight:600;padding:.625rem 1.25rem;border:2px solid #0b57d0;border-radius:.375rem;cursor:pointer}
.approve{background:#0b57d0;color:#fff}
.deny{background:#fff;color:#0b57d0}
:focus-visible{outline:3px solid #1b1b1f;outline-offset:2px}
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// `formAction` names the origins a form may submit to, including where its redirects land: Chrome and Safari
// apply form-action to every redirect after a submission. The consent page's chain ends at the app's own
// returnTo, an origin only the hub knows, so it allows any http(s) origin; the redirect URI itself was
// checked before this page was shown.
function page(status: number, title: string, body: string, formAction: string): Response {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** What the consent page shows and submits. */
export interface ConsentPageInput {
  clientId: string;
  /** The validated redirect URI's origin: shown to the user, and allowed as the form's redirect target. */
  redirectOrigin: string;
  scopes: string[];
  /** The signed consent transaction the form carries back. */
  transaction: string;
  /** The path the form posts to. */
  action: string;
}

/** The consent page: who asks, for what, an account name, and Approve / Deny. */
export function consentPage(input: ConsentPageInput): Response {
  const client = escapeHtml(input.clientId);
  const scopes = input.scopes
    .map((scope) => `<li>${escapeHtml(SCOPE_DESCRIPTIONS[scope]?.text ?? scope)}</li>`)
    .join('\n');
  const body = `<h1>Allow ${client} to use your sandbox account?</h1>
<p class="note">This is Plugboard's built-in sandbox provider. The account is made up and holds no real data.</p>
<h2 id="scopes-heading">${client} will be able to</h2>
<ul aria-labelledby="scopes-heading">
${scopes}
</ul>
<p>Whatever you choose, you will be sent back to <strong>${escapeHtml(input.redirectOrigin)}</strong>.</p>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="transaction" value="${escapeHtml(input.transaction)}">
<label for="account-name">Account name</label>
<input id="account-name" name="account_name" type="text" value="${DEFAULT_ACCOUNT_NAME}" required maxlength="${MAX_ACCOUNT_NAME_LENGTH}" autocomplete="off" aria-describedby="account-name-hint">
<p id="account-name-hint" class="note">The same name always signs in to the same sandbox account.</p>
<div class="actions">
<button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button class="deny" type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>`;
  return page(200, `Allow ${input.clientId}? · Plugboard sandbox`, body, `'self' https: http:`);
}

/** An error page for what must not be redirected back to the client (an unknown client, an unusable redirect URI, a bad form). */
export function errorPage(status: number, title: string, message: string): Response {
  const body = `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p class="note">Go back to the app you came from and start connecting again.</p>`;
  return page(status, `${title} · Plugboard sandbox`, body, "'none'");
}
