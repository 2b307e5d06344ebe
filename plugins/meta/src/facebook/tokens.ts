import {
  type OAuth2Auth,
  type ProviderFetch,
  type RefreshContext,
  readProviderJson,
  type TokenSet,
} from '@plugboard/core';
import { z } from 'zod';
import { appsecretProof } from '../appsecret-proof.js';
import { exchangeToken } from '../token-set.js';

/**
 * GET /oauth/access_token?grant_type=fb_exchange_token: a user token (the code's short-lived one, or a long-lived
 * one nearing its ~60 days) for a new long-lived one.
 */
export function exchangeForLongLived(
  graph: string,
  fetch: ProviderFetch,
  client: RefreshContext['client'],
  accessToken: string,
): Promise<TokenSet> {
  return exchangeToken(
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
export function longLivedAfterExchange(graph: string): NonNullable<OAuth2Auth['afterExchange']> {
  return async ({ tokens, client, fetch }) => {
    const long = await exchangeForLongLived(graph, fetch, client, tokens.accessToken);
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
export const revokePermissions: NonNullable<Exclude<OAuth2Auth['revoke'], 'none'>> = async ({
  credentials,
  client,
  fetch,
}) => {
  const query = new URLSearchParams({
    appsecret_proof: appsecretProof(credentials.accessToken, client.clientSecret ?? ''),
  });
  // Graph answers `{ success: true }` (older versions a bare `true`); anything else is a failed revocation.
  await readProviderJson(
    fetch,
    `/me/permissions?${query}`,
    z.union([z.literal(true), z.object({ success: z.literal(true) })]),
    {
      method: 'DELETE',
      headers: { authorization: `Bearer ${credentials.accessToken}` },
      what: "revoke the app's permissions",
    },
  );
};
