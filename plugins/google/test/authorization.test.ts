import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import google from '../src/index.js';
import { createFakeGoogle, fakeGoogleOptions } from './support/fake-google.js';

const scope = (name: string) => `https://www.googleapis.com/auth/${name}`;

describe('Google authorization requests', () => {
  let fake: FakeProvider;
  let hub: TestHub;

  beforeAll(async () => {
    fake = await createFakeGoogle();
    hub = await startTestHub([
      google.google(fakeGoogleOptions(fake, '/')),
      google.gmail(fakeGoogleOptions(fake, '/gmail/v1')),
      google['google-analytics'](fakeGoogleOptions(fake, '/v1beta')),
      google['google-drive'](fakeGoogleOptions(fake, '/drive/v3')),
      google.gmail(
        { ...fakeGoogleOptions(fake, '/gmail/v1'), scopes: ['openid', scope('gmail.send')] },
        { id: 'mailer' },
      ),
    ]);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('asks for offline access, a fresh consent and incremental scopes, with PKCE S256', async () => {
    const authorizationUrl = await hub.authorize('gmail');
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get('access_type')).toBe('offline');
    expect(params.get('prompt')).toBe('consent');
    expect(params.get('include_granted_scopes')).toBe('true');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
  });

  it.each([
    ['google', 'openid email profile'],
    ['gmail', `openid email profile ${scope('gmail.readonly')}`],
    ['google-analytics', `openid email profile ${scope('analytics.readonly')}`],
    ['google-drive', `openid email profile ${scope('drive.readonly')}`],
    ['mailer', `openid ${scope('gmail.send')}`],
  ])('%s asks for its own scopes', async (provider, expected) => {
    const authorizationUrl = await hub.authorize(provider);
    expect(new URL(authorizationUrl).searchParams.get('scope')).toBe(expected);
  });

  it('authenticates at the token endpoint with client_secret in the body only', async () => {
    await hub.connected('google', fake);
    const exchange = fake.requestsTo('/token').at(-1)!;
    expect(exchange.form?.get('client_id')).toBe(fake.clientId);
    expect(exchange.form?.get('client_secret')).toBe(fake.clientSecret);
    expect(exchange.headers.authorization).toBeUndefined();
  });
});
