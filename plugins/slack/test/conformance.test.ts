import { testProvider } from '@plugboard/plugin-kit';
import factory from '../src/index.js';
import { createSlackFake, SLACK_INSTALL, type SlackFake } from './slack-fake.js';

// Slack with token rotation on and user scopes asked for: the richest install, with a user token as a canary.
let slack: SlackFake | undefined;

testProvider(factory, {
  fake: async () => {
    slack = await createSlackFake({ rotation: true, tokens: 'bot+user' });
    return slack.fake;
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
    canaries: () => slack?.userTokens ?? [],
  },
});
