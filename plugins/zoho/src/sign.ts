import type { Credentials, OutgoingRequest } from '@plugboard/core';

/** Zoho wants its own scheme, `Authorization: Zoho-oauthtoken <token>`, not `Bearer`. */
export function signZohoRequest(request: OutgoingRequest, credentials: Credentials): void {
  if (credentials.type === 'oauth2') request.headers.set('authorization', `Zoho-oauthtoken ${credentials.accessToken}`);
}
