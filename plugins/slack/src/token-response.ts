import { ProviderError, type TokenResponseContext, type TokenSet } from '@plugboard/core';
import { slackError } from './slack-errors.js';

/** The token fields Slack sends at the top level (bot token) and in `authed_user` (user token). */
interface SlackTokenFields {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/**
 * Reads an oauth.v2.access answer. Slack says `ok: false` with HTTP 200 on failure; on success the bot token is
 * at the top level and the installing user's token in `authed_user`. The bot token is the connection's access
 * token (the user token when the app asked for user scopes only); the user token goes to `extra`, which is
 * encrypted with the credentials and never leaves the server. With token rotation on, both come with
 * `refresh_token` and `expires_in`; without it they never expire.
 */
export function parseSlackTokenResponse({ body, status }: TokenResponseContext): TokenSet {
  if (body.ok !== true) throw slackError('get tokens', status, body.error);
  const user = (
    typeof body.authed_user === 'object' && body.authed_user !== null ? body.authed_user : {}
  ) as SlackTokenFields;
  const primary = text(body.access_token) ? (body as SlackTokenFields) : user;
  const accessToken = text(primary.access_token);
  if (!accessToken) throw new ProviderError('provider_error', 'The Slack token answer has no access token.');
  const userToken = primary === user ? undefined : text(user.access_token);
  const tokens: TokenSet = {
    accessToken,
    tokenType: 'Bearer',
    refreshToken: text(primary.refresh_token),
    expiresAt: expiry(primary.expires_in),
    scopes: text(primary.scope)?.split(',').filter(Boolean),
  };
  // Absent, not undefined: a refresh answer without the user token must keep the stored one.
  if (userToken) tokens.extra = userSecrets(userToken, user);
  return tokens;
}

function userSecrets(accessToken: string, user: SlackTokenFields): Record<string, string> {
  const refreshToken = text(user.refresh_token);
  const expiresAt = expiry(user.expires_in);
  return {
    userAccessToken: accessToken,
    ...(refreshToken ? { userRefreshToken: refreshToken } : {}),
    ...(expiresAt ? { userTokenExpiresAt: expiresAt } : {}),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function expiry(expiresIn: unknown): string | undefined {
  const seconds = Number(expiresIn);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(Date.now() + seconds * 1000).toISOString() : undefined;
}
