import type { ProviderFactory } from '@plugboard/core';
import { testProvider } from '@plugboard/plugin-kit';
import slack from '../src/index.js';
import { createSlackFake, SLACK_INSTALL, type SlackFake } from './slack-fake.js';

// The kit's revocation check knows RFC 7009 only (a revoke endpoint with the token endpoint's client auth). Slack's
// auth.revoke (the revoked token as Bearer, no client auth, errors as 200 + ok:false) is proven in
// slack-quirks.test.ts, so the suite runs the plugin with that one hook switched off.
const factory: ProviderFactory = Object.assign((options: unknown, context?: Parameters<typeof slack>[1]) => {
  const provider = slack(options as Parameters<typeof slack>[0], context);
  if (provider.auth.type !== 'oauth2') throw new Error('expected OAuth2');
  return { ...provider, auth: { ...provider.auth, revoke: 'none' as const } };
}, slack);

// Slack with token rotation on and user scopes asked for: the richest install, with a user token as a canary.
let fakeSlack: SlackFake | undefined;

testProvider(factory, {
  fake: async () => {
    fakeSlack = await createSlackFake({ rotation: true, tokens: 'bot+user' });
    return fakeSlack.fake;
  },
  options: (fake) => ({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    scopes: ['chat:write', 'channels:read'],
    userScopes: ['search:read'],
    authorizationUrl: fake.url('/oauth/v2/authorize'),
    tokenUrl: fake.url('/api/oauth.v2.access'),
    apiBaseUrl: fake.url('/api'),
  }),
  expect: {
    scopes: ['chat:write', 'channels:read'],
    authorizationParams: { user_scope: 'search:read' },
    pkce: false,
    clientAuth: 'post',
    account: {
      id: `${SLACK_INSTALL.team.id}:${SLACK_INSTALL.userId}`,
      name: SLACK_INSTALL.team.name,
      metadata: {
        team: { ...SLACK_INSTALL.team, domain: SLACK_INSTALL.domain },
        userId: SLACK_INSTALL.userId,
        botUserId: SLACK_INSTALL.botUserId,
        appId: SLACK_INSTALL.appId,
      },
    },
    refresh: 'standard',
    // Slack's failures come with HTTP 200.
    errors: {
      invalidGrant: { status: 200, body: { ok: false, error: 'invalid_refresh_token' } },
      serverError: { status: 200, body: { ok: false, error: 'internal_error' } },
    },
    revocation: false,
    canaries: () => fakeSlack?.userTokens ?? [],
  },
});
