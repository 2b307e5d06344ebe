import { ProviderError, type RefreshContext, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

const revokedAnswer = z.object({ ok: z.literal(true) });

/**
 * Revokes a connection's tokens with Slack's `auth.revoke`: the installing user's token (kept in `extra`) when
 * there is one, then the connection's access token (the bot token, or the user token of a user-only install).
 * auth.revoke authenticates with the token it revokes (`Authorization: Bearer`) and answers HTTP 200 with
 * `{ ok: false, error }` on failure. Both are tried; any failure throws once both were.
 */
export async function revokeSlackTokens({ credentials, fetch }: Omit<RefreshContext, 'standard'>): Promise<void> {
  const userToken = credentials.extra?.userAccessToken;
  const tokens = [
    ...(userToken && userToken !== credentials.accessToken ? [['user', userToken] as const] : []),
    [userToken ? 'bot' : 'access', credentials.accessToken] as const,
  ];
  const failures: string[] = [];
  for (const [which, token] of tokens) {
    await readProviderJson(fetch, '/auth.revoke', revokedAnswer, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      what: `revoke the ${which} token`,
    }).catch((error: Error) => failures.push(error.message));
  }
  if (failures.length > 0) throw new ProviderError('provider_error', failures.join(' '));
}
