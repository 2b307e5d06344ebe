import { randomBytes } from 'node:crypto';
import { createFakeProvider, type FakeProvider } from '@plugboard/plugin-kit';

/** The workspace, user and app the fake Slack installs into. */
export const SLACK_INSTALL = {
  team: { id: 'T0ACME42', name: 'Acme Corp' },
  domain: 'acme-corp',
  userId: 'U0GRACE7',
  botUserId: 'U0BOT99',
  appId: 'A0PLUGBD',
};

/** A fake Slack plus the user tokens it handed out (secrets a test sweeps responses for). */
export interface SlackFake {
  fake: FakeProvider;
  userTokens: string[];
  /** Messages chat.postMessage accepted, as Slack got them. */
  posted: Record<string, unknown>[];
}

/** The channels conversations.list answers, over two pages (the second behind cursor `page-2`). */
export const SLACK_CHANNELS = [
  [
    {
      id: 'C0GENERAL',
      name: 'general',
      is_channel: true,
      is_private: false,
      is_member: true,
      num_members: 42,
      topic: { value: 'Company-wide', creator: 'U0GRACE7', last_set: 0 },
    },
    {
      id: 'C0RANDOM',
      name: 'random',
      is_channel: true,
      is_private: false,
      is_member: false,
      num_members: 40,
      topic: { value: '', creator: '', last_set: 0 },
    },
  ],
  [{ id: 'G0SECRET', name: 'board', is_channel: true, is_private: true, is_member: true, num_members: 5 }],
];

/** Which tokens an install gets: a bot token, a bot and a user token (user scopes too), or a user token only. */
export type SlackInstallTokens = 'bot' | 'bot+user' | 'user';

/**
 * A fake Slack shaped like the real one (docs.slack.dev oauth.v2.access, auth.test): the authorize and token
 * paths Slack uses, comma-separated scopes, no PKCE, and `{ ok: true, ... }` answers with the bot token at the
 * top level and the user token in `authed_user`. With `rotation`, tokens expire in 12 hours and refresh tokens
 * rotate (Slack's opt-in token rotation); without it, tokens never expire and there are no refresh tokens.
 * Slack takes the client's credentials in the body (default) or by HTTP Basic (`clientAuth`). `auth.revoke`
 * revokes the bot or user token it is called with: the token lands in `fake.revoked`, and auth.test refuses it.
 */
export async function createSlackFake(options: {
  rotation: boolean;
  tokens: SlackInstallTokens;
  clientAuth?: 'basic' | 'post';
}): Promise<SlackFake> {
  const userTokens: string[] = [];
  const posted: Record<string, unknown>[] = [];
  const fake = await createFakeProvider({
    clientId: '4111222333.5444555666',
    clientAuth: options.clientAuth ?? 'post',
    pkce: 'none',
    scopeSeparator: ',',
    accessTokenTtl: options.rotation ? 43_200 : null,
    refreshTokens: options.rotation ? 'rotate' : 'none',
    paths: { authorize: '/oauth/v2/authorize', token: '/api/oauth.v2.access', revoke: null },
    tokenResponse: (standard, { grantType }) => {
      const issued = {
        access_token: standard.access_token,
        ...(standard.refresh_token ? { refresh_token: standard.refresh_token } : {}),
        ...(standard.expires_in ? { expires_in: standard.expires_in } : {}),
      };
      const authedUser: Record<string, unknown> = { id: SLACK_INSTALL.userId };
      const install = { ok: true, app_id: SLACK_INSTALL.appId, authed_user: authedUser, team: SLACK_INSTALL.team };
      const grid = { enterprise: null, is_enterprise_install: false };
      // A user-only install: the one token the fake issued is the user's, and there is no bot.
      if (options.tokens === 'user') {
        Object.assign(authedUser, { scope: 'search:read', token_type: 'user', ...issued });
        return { body: { ...install, ...grid } };
      }
      // Slack sends the user token with the code exchange only; a bot-token refresh answers the bot token.
      if (options.tokens === 'bot+user' && grantType === 'authorization_code') {
        const userToken = `xoxp-user-canary-${randomBytes(12).toString('hex')}`;
        userTokens.push(userToken);
        Object.assign(authedUser, { scope: 'search:read', access_token: userToken, token_type: 'user' });
      }
      const bot = { scope: standard.scope, token_type: 'bot', bot_user_id: SLACK_INSTALL.botUserId, ...issued };
      return { body: { ...install, ...bot, ...grid } };
    },
    routes: {
      // Slack's Web API answers a bad token with HTTP 200 too.
      'POST /api/auth.test': ({ tokenValid, token }, fake) => ({
        body:
          tokenValid && !fake.revoked.includes(token ?? '')
            ? {
                ok: true,
                url: `https://${SLACK_INSTALL.domain}.slack.com/`,
                team: SLACK_INSTALL.team.name,
                user: 'acmebot',
                team_id: SLACK_INSTALL.team.id,
                user_id: SLACK_INSTALL.botUserId,
                bot_id: 'B0BOT99',
              }
            : { ok: false, error: 'invalid_auth' },
      }),
      // docs.slack.dev/reference/methods/conversations.list: cursor paging, `types` filters private channels.
      'GET /api/conversations.list': ({ tokenValid, query }) => {
        if (!tokenValid) return { body: { ok: false, error: 'invalid_auth' } };
        const second = query.get('cursor') === 'page-2';
        const types = (query.get('types') ?? 'public_channel').split(',');
        const channels = (second ? SLACK_CHANNELS[1]! : SLACK_CHANNELS[0]!).filter((channel) =>
          types.includes(channel.is_private ? 'private_channel' : 'public_channel'),
        );
        return { body: { ok: true, channels, response_metadata: { next_cursor: second ? '' : 'page-2' } } };
      },
      // docs.slack.dev/reference/methods/chat.postMessage: JSON body, 200 + ok:false for an unknown channel.
      'POST /api/chat.postMessage': ({ tokenValid, json }) => {
        if (!tokenValid) return { body: { ok: false, error: 'invalid_auth' } };
        const message = (json ?? {}) as Record<string, unknown>;
        if (message.channel !== 'C0GENERAL') return { body: { ok: false, error: 'channel_not_found' } };
        posted.push(message);
        return {
          body: { ok: true, channel: message.channel, ts: '1700000000.000100', message: { text: message.text } },
        };
      },
      // docs.slack.dev/reference/methods/auth.revoke: the token to revoke authenticates the call itself.
      'POST /api/auth.revoke': ({ tokenValid, token }, fake) => {
        const known = token !== undefined && (tokenValid || userTokens.includes(token));
        if (!known || fake.revoked.includes(token)) return { body: { ok: false, error: 'invalid_auth' } };
        fake.revoked.push(token);
        return { body: { ok: true, revoked: true } };
      },
    },
  });
  return { fake, userTokens, posted };
}
