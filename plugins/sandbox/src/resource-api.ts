import { json } from './responses.js';
import type { TokenAuthority, TokenClaims } from './tokens.js';
import { userFromName } from './users.js';

const ITEMS = [
  { id: 'item-1', title: 'Connect the sandbox', done: true },
  { id: 'item-2', title: 'Call the API through the hub', done: false },
  { id: 'item-3', title: 'Connect a real provider', done: false },
];

// RFC 6750 §3: every refusal names the scheme, and says why when a token was sent.
function refuse(status: number, error?: string, description?: string, scope?: string): Response {
  const challenge = ['Bearer realm="sandbox"'];
  if (error) challenge.push(`error="${error}"`, `error_description="${description}"`);
  if (scope) challenge.push(`scope="${scope}"`);
  const body = error
    ? { error, error_description: description }
    : { error: 'invalid_request', error_description: 'A Bearer access token is required.' };
  return json(body, status, { 'www-authenticate': challenge.join(', ') });
}

function authenticate(request: Request, tokens: TokenAuthority, scope: string): TokenClaims | Response {
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(request.headers.get('authorization') ?? '');
  if (!match?.[1]) return refuse(401);
  const claims = tokens.openAccessToken(match[1]);
  if (!claims) return refuse(401, 'invalid_token', 'The access token is invalid, expired or revoked.');
  if (!claims.scopes.includes(scope)) {
    return refuse(403, 'insufficient_scope', `This call needs the ${scope} scope.`, scope);
  }
  return claims;
}

/** GET /api/me: the user behind the access token. */
export function me(request: Request, tokens: TokenAuthority): Response {
  const claims = authenticate(request, tokens, 'profile');
  return claims instanceof Response ? claims : json(userFromName(claims.accountName));
}

/** GET /api/items: a small fixed list, so proxied calls have something to read. */
export function items(request: Request, tokens: TokenAuthority): Response {
  const claims = authenticate(request, tokens, 'items:read');
  return claims instanceof Response ? claims : json({ items: ITEMS });
}

/** GET /api/items/:id: one item of the list (a path of several segments, for proxied calls to exercise). */
export function item(request: Request, tokens: TokenAuthority, id: string): Response {
  const claims = authenticate(request, tokens, 'items:read');
  if (claims instanceof Response) return claims;
  const found = ITEMS.find((candidate) => candidate.id === id);
  return found ? json({ item: found }) : json({ error: 'not_found', message: 'No such item.' }, 404);
}
