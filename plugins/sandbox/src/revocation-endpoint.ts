import { authenticateClient } from './client-auth.js';
import type { SandboxSettings } from './options.js';
import { pickParams, readForm } from './request-params.js';
import { oauthError } from './responses.js';
import type { TokenAuthority } from './tokens.js';

/** POST /revoke (RFC 7009): an access token is revoked alone, a refresh token with its whole grant. */
export async function revoke(request: Request, settings: SandboxSettings, tokens: TokenAuthority): Promise<Response> {
  const form = await readForm(request);
  if (!form) return oauthError(400, 'invalid_request', 'Send an application/x-www-form-urlencoded body.');
  const refused = authenticateClient(request, form, settings);
  if (refused) return refused;
  const picked = pickParams(form, ['token']);
  if (!picked.values?.token) return oauthError(400, 'invalid_request', 'Send exactly one token.');
  const { token } = picked.values;
  // The hint is only an optimisation (RFC 7009 §2.1): both kinds are tried, and only this client's tokens count.
  const access = tokens.openAccessToken(token);
  if (access?.clientId === settings.clientId) tokens.retire(access);
  const refresh = tokens.openRefreshToken(token);
  if (refresh?.clientId === settings.clientId) tokens.revokeGrant(refresh);
  // An unknown or already revoked token is not an error (RFC 7009 §2.2).
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
}
