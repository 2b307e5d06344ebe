import type { RefreshContext, TokenResponseContext, TokenSet } from '@plugboard/core';
import { exchangeToken, metaTokenSet } from '../token-set.js';

// Marks a token set as the code's short-lived token (kept in the encrypted `extra`): the refresh hook must
// exchange that one (ig_exchange_token); long-lived ones are refreshed (ig_refresh_token). Meta's answers
// do not say which kind a token is.
const LIFETIME = 'lifetime';
const SHORT = 'short';

// Instagram's short-lived tokens last one hour, and the code answer carries no expires_in.
const SHORT_LIVED_SECONDS = 3600;

/**
 * Reads the code exchange answer: `{ data: [{ access_token, user_id, permissions }] }` (Instagram API with
 * Instagram Login), or the flat `{ access_token, user_id }` older apps still get.
 */
export function parseInstagramCodeResponse({ body, status }: TokenResponseContext): TokenSet {
  const first = Array.isArray(body.data) ? body.data[0] : body;
  const entry = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
  const tokens = metaTokenSet(status, { expires_in: SHORT_LIVED_SECONDS, ...entry }, 'exchange the code');
  return { ...tokens, extra: { [LIFETIME]: SHORT } };
}

/** Instagram's own refresh: exchange the short-lived token once, then refresh the long-lived one before it expires. */
export function refreshInstagramToken(graphOrigin: string) {
  return async ({ credentials, client, fetch }: RefreshContext): Promise<TokenSet> => {
    const tokens =
      credentials.extra?.[LIFETIME] === SHORT
        ? await exchangeToken(
            fetch,
            `${graphOrigin}/access_token`,
            {
              grant_type: 'ig_exchange_token',
              client_secret: client.clientSecret ?? '',
              access_token: credentials.accessToken,
            },
            'exchange for a long-lived token',
          )
        : await exchangeToken(
            fetch,
            `${graphOrigin}/refresh_access_token`,
            { grant_type: 'ig_refresh_token', access_token: credentials.accessToken },
            'refresh the long-lived token',
          );
    // `extra: undefined` drops the short-lived mark from the stored set.
    return { ...tokens, extra: undefined };
  };
}
