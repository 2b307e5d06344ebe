import type { OAuth2Auth, TokenSet } from '../contract/types.js';

/** Reads a token endpoint body the standard way (RFC 6749 section 5.1); undefined when it holds no access token. */
export function standardTokenSet(
  body: Record<string, unknown>,
  auth: OAuth2Auth,
  now = Date.now(),
): TokenSet | undefined {
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') return undefined;
  const scope = body.scope;
  return {
    accessToken,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
    expiresAt: instantAfter(body.expires_in, now),
    refreshTokenExpiresAt: instantAfter(body.refresh_token_expires_in, now),
    scopes: typeof scope === 'string' ? splitScopes(scope, auth.scopes.separator) : undefined,
    idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
  };
}

/** Splits a scope string on the provider's separator (and on whitespace, which every provider tolerates). */
export function splitScopes(scope: string, separator = ' '): string[] {
  return scope
    .split(separator)
    .flatMap((part) => part.split(/\s+/))
    .filter((part) => part !== '');
}

// A lifetime in seconds (a number or a numeric string, as providers send them) as an instant; undefined otherwise.
function instantAfter(seconds: unknown, now: number): string | undefined {
  const value = Number(seconds);
  return Number.isFinite(value) && value > 0 ? new Date(now + value * 1000).toISOString() : undefined;
}
