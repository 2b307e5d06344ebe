import { expect } from 'vitest';
import { testProvider } from '../src/index.js';
import { acmeOptions, startAcmeFake } from './support/acme-fake.js';
import acme from './support/acme-plugin.js';

testProvider(acme, {
  fake: () => startAcmeFake({ pkce: 'required', refreshTokens: 'rotate' }),
  options: acmeOptions,
  expect: {
    scopes: ['profile', 'projects:read'],
    authorizationParams: { prompt: 'consent' },
    pkce: true,
    clientAuth: 'basic',
    account: { id: 'acme-user-7', name: 'Grace Hopper', metadata: { plan: 'team' } },
    refresh: 'standard',
    revocation: true,
    signedRequest: (request, accessToken) => {
      expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
      expect(request.headers['acme-version']).toBe('2024-01');
    },
  },
});
