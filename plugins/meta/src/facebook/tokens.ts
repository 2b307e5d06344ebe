import type { OAuth2Auth, ProviderFetch, RefreshContext, TokenSet } from '@plugboard/core';
import { appsecretProof } from '../appsecret-proof.js';
import { metaError } from '../graph-errors.js';
import { exchangeToken } from '../token-set.js';

/**
 * GET /oauth/access_token?grant_type=fb_exchange_token: a user token (the code's short-lived one, or a long-lived
 * one nearing its ~60 days) for a new long-lived one.
 */
export function exchangeForLongLived(
  providerId: string,
  graph: string,
  fetch: ProviderFetch,
  client: RefreshContext['client'],
  accessToken: string,
): Promise<TokenSet> {
  return exchangeToken(
    providerId,
    fetch,
    `${graph}/oauth/access_token`,
    {
      grant_type: 'fb_exchange_token',
      client_id: client.clientId,
      client_secret: client.clientSecret ?? '',
      fb_exchange_token: accessToken,
    },
    'exchange for a long-lived token',
  );
}

/**
 * The `afterExchange` hook: swaps the code's short-lived user token (1-2 hours) for a long-lived one before the
 * account step, so the page tokens /me/accounts hands out at connect are long-lived as well.
 */
export function longLivedAfterExchange(providerId: string, graph: string): NonNullable<OAuth2Auth['afterExchange']> {
  return async ({ tokens, client, fetch }) => {
    const long = await exchangeForLongLived(providerId, graph, fetch, client, tokens.accessToken);
    // The exchange answer names no scopes: those the code answer carried stay. An answer without expires_in
    // keeps the short token's expiry, so the refresh hook re-exchanges soon rather than never.
    return { ...tokens, ...long };
  };
}

/**
 * The `revoke` hook: DELETE /me/permissions de-authorizes the app for the user (every permission, and with them
 * the user and page tokens). The hook's fetch is unsigned, so it signs itself: Bearer and appsecret_proof keyed
 * with the secret of the app that issued the token.
 */
export function revokePermissions(providerId: string): NonNullable<Exclude<OAuth2Auth['revoke'], 'none'>> {
  return async ({ credentials, client, fetch }) => {
    const query = new URLSearchParams({
      appsecret_proof: appsecretProof(credentials.accessToken, client.clientSecret ?? ''),
    });
    const response = await fetch(`/me/permissions?${query}`, {
      method: 'DELETE',
      headers: { accept: 'application/json', authorization: `Bearer ${credentials.accessToken}` },
    });
    const body: unknown = await response.json().catch(() => undefined);
    // Graph answers `{ success: true }` (older versions a bare `true`).
    const success =
      body === true || (typeof body === 'object' && body !== null && 'success' in body && body.success === true);
    if (!response.ok || !success) throw metaError(providerId, response.status, body, "revoke the app's permissions");
  };
}
