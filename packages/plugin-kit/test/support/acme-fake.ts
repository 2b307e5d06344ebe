import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from '../../src/index.js';

/** A fake Acme: its one API route answers the user behind a live token. */
export function startAcmeFake(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  return createFakeProvider({
    ...options,
    routes: {
      'GET /v1/me': ({ tokenValid }) =>
        tokenValid
          ? { body: { id: 'acme-user-7', name: 'Grace Hopper', plan: 'team' } }
          : { status: 401, body: { error: 'invalid_token' } },
    },
  });
}

/** The Acme plugin's options pointing at a fake. */
export function acmeOptions(fake: FakeProvider) {
  return {
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    authorizationUrl: fake.url('/oauth/authorize'),
    tokenUrl: fake.url('/oauth/token'),
    revocationUrl: fake.url('/oauth/revoke'),
    apiBaseUrl: fake.origin,
  };
}
