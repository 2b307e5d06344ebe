import { testProvider } from '@plugboard/plugin-kit';
import factory from '../src/index.js';
import { createXFake, X_DEAD_TOKEN, X_USER, xOptions } from './x-fake.js';

testProvider(factory, {
  fake: createXFake,
  options: xOptions,
  expect: {
    scopes: ['tweet.read', 'users.read', 'offline.access'],
    pkce: true,
    clientAuth: 'basic',
    account: { id: X_USER.id, name: X_USER.name, metadata: { username: X_USER.username } },
    refresh: 'standard',
    // X says a dead refresh token is an invalid request, not an invalid grant.
    errors: { invalidGrant: X_DEAD_TOKEN },
    revocation: true,
  },
});
