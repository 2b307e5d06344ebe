import { expect } from 'vitest';
import { createFakeProvider, testProvider } from '../src/index.js';
import plugins from './support/quirky-plugins.js';

const ZONAL_CANARY = 'zonal-org-secret-canary-1234';

testProvider(plugins, {
  provider: 'zonal',
  fake: () =>
    createFakeProvider({
      clientAuth: 'query',
      pkce: 'none',
      scopeSeparator: ',',
      refreshTokens: 'none',
      accessTokenTtl: null,
      paths: { token: '/eu/token', revoke: null },
      tokenResponse: (standard) => ({
        body: { ...standard, user: { id: 'zonal-42', name: 'Zed' }, org_secret: ZONAL_CANARY },
      }),
    }),
  options: (fake) => ({ clientId: fake.clientId, clientSecret: fake.clientSecret, origin: fake.origin }),
  expect: {
    scopes: ['ZonalCRM.users.READ', 'ZonalCRM.org.READ'],
    pkce: false,
    clientAuth: 'query',
    callbackExtra: { location: 'eu' },
    account: { id: 'zonal-42', name: 'Zed', metadata: { dc: 'eu' } },
    refresh: 'none',
    revocation: false,
    canaries: () => [ZONAL_CANARY],
  },
});

testProvider(plugins, {
  provider: 'longlived',
  fake: () =>
    createFakeProvider({
      clientAuth: 'json',
      tokenRequestFormat: 'json',
      refreshTokens: 'none',
      routes: {
        'GET /me': ({ tokenValid }) => (tokenValid ? { body: { id: 'page-owner-1' } } : { status: 401 }),
        'GET /oauth/exchange': ({ query }, fake) =>
          fake.isLive(query.get('long_lived') ?? '')
            ? { body: { access_token: fake.issue('long_lived').accessToken } }
            : { status: 400, body: { error: { code: 190 } } },
      },
    }),
  options: (fake) => ({ clientId: fake.clientId, clientSecret: fake.clientSecret, origin: fake.origin }),
  expect: {
    pkce: true,
    clientAuth: 'json',
    account: { id: 'page-owner-1', metadata: {} },
    refresh: 'custom',
    refreshEndpoint: 'GET /oauth/exchange',
    errors: { invalidGrant: { status: 400, body: { error: { code: 190 } } } },
    revocation: true,
    signedRequest: (request, accessToken) => {
      expect(request.query.get('access_token')).toBe(accessToken);
      expect(request.headers.authorization).toBeUndefined();
    },
  },
});
