import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterEach, describe, expect, it } from 'vitest';
import google from '../src/index.js';
import { ADA, createFakeGoogle, fakeGoogleOptions } from './support/fake-google.js';

// With `openid`, Google's token response carries an ID token: its issuer is https://accounts.google.com.
describe('Google ID tokens', () => {
  let fake: FakeProvider | undefined;
  let hub: TestHub | undefined;

  afterEach(async () => {
    await hub?.close();
    await fake?.close();
  });

  const connect = async (idTokenClaims: Record<string, unknown>) => {
    fake = await createFakeGoogle({ idTokenClaims });
    hub = await startTestHub([google.google(fakeGoogleOptions(fake, '/'))]);
    return (await hub.connect('google', fake)).result;
  };

  it("accepts an ID token from Google's issuer about the userinfo's subject", async () => {
    const result = await connect({});
    expect(result).toMatchObject({ ok: true, connection: { accountId: ADA.sub, accountName: ADA.name } });
  });

  it('refuses an ID token from another issuer', async () => {
    const result = await connect({ iss: 'https://accounts.evil.example' });
    expect(result).toMatchObject({ ok: false, error: { code: 'provider_error' } });
  });

  it('refuses an ID token for another client', async () => {
    const result = await connect({ aud: 'someone-else.apps.googleusercontent.com' });
    expect(result).toMatchObject({ ok: false, error: { code: 'provider_error' } });
  });

  it('refuses a userinfo answer about another subject than the ID token', async () => {
    const result = await connect({ sub: '999' });
    expect(result).toMatchObject({ ok: false, error: { code: 'provider_error' } });
  });
});
