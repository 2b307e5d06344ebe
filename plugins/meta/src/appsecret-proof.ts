import { createHmac } from 'node:crypto';
import type { Credentials, OutgoingRequest } from '@plugboard/core';

/** Meta's `appsecret_proof`: HMAC-SHA256 of the access token keyed with the app secret, hex. */
export function appsecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/**
 * Signs every Graph call with the connection's token (Bearer) and its `appsecret_proof`, so a leaked token is
 * useless without the app secret when the app turns on "Require App Secret".
 */
export function graphSigner(appSecret: string) {
  return (request: OutgoingRequest, credentials: Credentials): void => {
    if (credentials.type !== 'oauth2') return;
    request.headers.set('authorization', `Bearer ${credentials.accessToken}`);
    request.url.searchParams.set('appsecret_proof', appsecretProof(credentials.accessToken, appSecret));
  };
}
