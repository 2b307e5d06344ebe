import { createFakeProvider, type FakeProvider, testProvider } from '@plugboard/plugin-kit';
import factory from '../src/index.js';

const USER = { sub: 'user-7', name: 'Ada Lovelace', email: 'ada@example.com' };

// The generic engine without an issuer: every endpoint from the options, the account from a userinfo URL.
testProvider(factory, {
  fake: () =>
    createFakeProvider({
      routes: {
        'GET /userinfo': ({ tokenValid }) =>
          tokenValid ? { body: USER } : { status: 401, body: { error: 'invalid_token' } },
      },
    }),
  options: (fake: FakeProvider) => ({
    name: 'Acme',
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    authorizationUrl: fake.url('/oauth/authorize'),
    tokenUrl: fake.url('/oauth/token'),
    revocationUrl: fake.url('/oauth/revoke'),
    userinfoUrl: fake.url('/userinfo'),
    scopes: ['read', 'write'],
  }),
  expect: {
    scopes: ['read', 'write'],
    pkce: true,
    clientAuth: 'basic',
    account: { id: USER.sub, name: USER.name, metadata: { email: USER.email } },
    refresh: 'standard',
    revocation: true,
  },
});
