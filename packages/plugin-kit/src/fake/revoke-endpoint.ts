import { authenticateClient, checkFormat, requestParams } from './client-auth.js';
import type { FakeSettings } from './settings.js';
import type { TokenStore } from './token-store.js';
import type { FakeRequest, FakeResponse } from './types.js';
import { oauthError } from './wire.js';

/** Answers the revocation endpoint (RFC 7009): the client authenticates as at the token endpoint; unknown tokens still get 200. */
export function handleRevokeRequest(
  request: FakeRequest,
  settings: FakeSettings,
  store: TokenStore,
  revoked: string[],
): FakeResponse {
  const refused =
    checkFormat(request, settings.tokenRequestFormat) ?? authenticateClient(request, settings.clientAuth, settings);
  if (refused) return refused;
  const token = requestParams(request).get('token');
  if (!token) return oauthError(400, 'invalid_request', 'token is missing.');
  if (store.revoke(token)) revoked.push(token);
  return { status: 200 };
}
