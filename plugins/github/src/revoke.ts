import { ProviderError, type RefreshContext, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { GITHUB_API_HEADERS } from './endpoints.js';

/**
 * Deletes the user's grant to the app (`DELETE /applications/{client_id}/grant`), which revokes every token of
 * it. GitHub has no RFC 7009 endpoint: this call authenticates the app itself with HTTP Basic (client id and
 * secret) and names the grant by one of its access tokens in a JSON body. A 2xx (204) means revoked; anything else throws.
 */
export async function revokeGitHubGrant({
  credentials,
  client,
  fetch,
}: Omit<RefreshContext, 'standard'>): Promise<void> {
  if (!client.clientSecret) {
    throw new ProviderError('provider_error', 'GitHub revokes a grant only for a client with a secret.');
  }
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`, 'utf8').toString('base64');
  // The fetch is unsigned and adds no default headers: GitHub's (and the Basic client credentials) go here.
  await readProviderJson(fetch, `applications/${encodeURIComponent(client.clientId)}/grant`, z.unknown(), {
    method: 'DELETE',
    headers: { ...GITHUB_API_HEADERS, authorization: `Basic ${basic}`, 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: credentials.accessToken }),
    what: 'revoke the GitHub grant',
  });
}
