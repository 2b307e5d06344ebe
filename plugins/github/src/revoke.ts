import { ProviderError, type RefreshContext } from '@plugboard/core';
import { GITHUB_API_HEADERS } from './endpoints.js';

/**
 * Deletes the user's grant to the app (`DELETE /applications/{client_id}/grant`), which revokes every token of
 * it. GitHub has no RFC 7009 endpoint: this call authenticates the app itself with HTTP Basic (client id and
 * secret) and names the grant by one of its access tokens in a JSON body. 204 means revoked; anything else throws.
 */
export function revokeGitHubGrant(providerId: string) {
  return async ({ credentials, client, fetch }: Omit<RefreshContext, 'standard'>): Promise<void> => {
    if (!client.clientSecret) {
      throw new ProviderError('provider_error', providerId, 'GitHub revokes a grant only for a client with a secret.');
    }
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`, 'utf8').toString('base64');
    // The fetch is unsigned and adds no default headers: GitHub's (and the Basic client credentials) go here.
    const response = await fetch(`applications/${encodeURIComponent(client.clientId)}/grant`, {
      method: 'DELETE',
      headers: { ...GITHUB_API_HEADERS, authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: credentials.accessToken }),
    });
    if (response.status === 204) return;
    const body = (await response.json().catch(() => undefined)) as { message?: unknown } | undefined;
    const message = typeof body?.message === 'string' && body.message !== '' ? `: ${body.message}` : '';
    throw new ProviderError(
      response.status === 429 ? 'rate_limited' : 'provider_error',
      providerId,
      `GitHub did not revoke the grant (HTTP ${response.status}${message}).`,
      { status: response.status },
    );
  };
}
