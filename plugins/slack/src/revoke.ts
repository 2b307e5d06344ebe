import { ProviderError, type RefreshContext } from '@plugboard/core';

/**
 * Revokes a connection's tokens with Slack's `auth.revoke`: the installing user's token (kept in `extra`) when
 * there is one, then the connection's access token (the bot token, or the user token of a user-only install).
 * auth.revoke authenticates with the token it revokes (`Authorization: Bearer`) and answers HTTP 200 with
 * `{ ok: false, error }` on failure. Both are tried; any failure throws once both were.
 */
export function revokeSlackTokens(providerId: string) {
  return async ({ credentials, fetch }: Omit<RefreshContext, 'standard'>): Promise<void> => {
    const userToken = credentials.extra?.userAccessToken;
    const tokens = [
      ...(userToken && userToken !== credentials.accessToken ? [['user', userToken] as const] : []),
      [userToken ? 'bot' : 'access', credentials.accessToken] as const,
    ];
    const failures: string[] = [];
    for (const [which, token] of tokens) {
      const error = await revokeOne(fetch, token).catch((cause: Error) => cause.message);
      if (error !== undefined) failures.push(`${which} token (${error})`);
    }
    if (failures.length > 0) {
      throw new ProviderError('provider_error', providerId, `Slack did not revoke the ${failures.join('; the ')}.`);
    }
  };
}

// The error of one auth.revoke call, or undefined when Slack revoked the token.
async function revokeOne(fetch: RefreshContext['fetch'], token: string): Promise<string | undefined> {
  const response = await fetch('/auth.revoke', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json().catch(() => ({}))) as { ok?: unknown; error?: unknown };
  if (response.ok && body.ok === true) return undefined;
  return typeof body.error === 'string' && body.error !== '' ? body.error : `HTTP ${response.status}`;
}
