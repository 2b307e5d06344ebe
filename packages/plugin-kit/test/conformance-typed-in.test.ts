import { expect } from 'vitest';
import { testProvider } from '../src/index.js';
import { GOOD, keyed, passworded, rawHeaders, typedInFake } from './support/typed-in-plugins.js';

const basic = `Basic ${Buffer.from(`${GOOD.username}:${GOOD.password}`).toString('base64')}`;

testProvider(keyed, {
  fake: () => typedInFake('GET /v1/account', (headers) => headers.authorization === `Bearer ${GOOD.apiKey}`),
  options: (fake) => ({ apiBaseUrl: fake.url('/v1') }),
  expect: {
    credentials: { apiKey: GOOD.apiKey },
    verifyRoute: 'GET /v1/account',
    account: { id: 'acct_7', name: 'Ada Lovelace' },
  },
});

testProvider(passworded, {
  fake: () => typedInFake('GET /api/me', (headers) => headers.authorization === basic),
  options: (fake) => ({ apiBaseUrl: fake.url('/api') }),
  expect: {
    credentials: { username: GOOD.username, password: GOOD.password },
    verifyRoute: 'GET /api/me',
    account: { id: 'acct_7', name: 'Ada Lovelace' },
  },
});

testProvider(rawHeaders, {
  fake: () => typedInFake('GET /whoami', (headers) => headers['x-access-token'] === GOOD.apiKey),
  options: (fake) => ({ apiBaseUrl: fake.origin }),
  expect: {
    credentials: { workspace: 'acme', accessToken: GOOD.apiKey },
    verifyRoute: 'GET /whoami',
    account: { id: 'acct_7' },
    signedRequest: (request, credentials) => {
      expect(request.headers['x-workspace']).toBe(credentials.workspace);
      expect(request.headers['x-access-token']).toBe(credentials.accessToken);
      expect(request.headers.authorization, 'no default Bearer header').toBeUndefined();
    },
  },
});
