import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from '../src/index.js';
import { authorizationUrl, pkcePair, REDIRECT_URI, send } from './support/oauth-client.js';

let fake: FakeProvider | undefined;
afterEach(() => fake?.close());
const start = async (options: FakeProviderOptions = {}) => {
  fake = await createFakeProvider(options);
  return fake;
};
const exchange = (fake: FakeProvider, code: string, extra: Record<string, string> = {}) =>
  send(fake, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, ...extra });

describe('fake provider: authorization and code exchange', () => {
  it('approve answers the callback query with a code, the state and the extra params', async () => {
    const fake = await start();
    const query = await fake.approve(authorizationUrl(fake), { location: 'eu' });
    expect(query).toEqual({ code: expect.stringMatching(/^fake-code-/), state: 'state-1', location: 'eu' });
    expect(fake.deny(authorizationUrl(fake))).toEqual({ error: 'access_denied', state: 'state-1' });
    // approve plays the user: the fake itself received nothing.
    expect(fake.requests).toEqual([]);
  });

  it('approve refuses, naming the problem, a wrong client_id, response_type, redirect_uri or endpoint', async () => {
    const fake = await start();
    await expect(fake.approve(authorizationUrl(fake, { client_id: 'other' }))).rejects.toThrow(/client_id is "other"/);
    await expect(fake.approve(authorizationUrl(fake, { response_type: 'token' }))).rejects.toThrow(/response_type/);
    await expect(fake.approve(authorizationUrl(fake, { redirect_uri: '' }))).rejects.toThrow(/redirect_uri/);
    await expect(fake.approve(authorizationUrl(fake, { redirect_uri: '/relative' }))).rejects.toThrow(/redirect_uri/);
    await expect(fake.approve(authorizationUrl(fake).replace('/oauth/authorize', '/authorize'))).rejects.toThrow(
      /not this fake's/,
    );
    expect(() => fake.deny(authorizationUrl(fake, { client_id: 'other' }))).toThrow(/client_id/);
  });

  it('a code works once, only with its redirect_uri, and grants what grantedScopes allows, joined by the separator', async () => {
    const fake = await start({
      scopeSeparator: ',',
      grantedScopes: (requested) => requested.filter((s) => s !== 'admin'),
    });
    const { code } = await fake.approve(authorizationUrl(fake, { scope: 'read,admin,write' }));
    const elsewhere = await exchange(fake, code!, { redirect_uri: 'http://127.0.0.1:9/other' });
    expect(elsewhere.json.error).toBe('invalid_grant');
    // The failed attempt burnt the code, as a strict provider does.
    expect((await exchange(fake, code!)).json.error).toBe('invalid_grant');
    const fresh = await fake.approve(authorizationUrl(fake, { scope: 'read,admin,write' }));
    const tokens = await exchange(fake, fresh.code!);
    expect(tokens.json).toEqual({
      access_token: expect.stringMatching(/^fake-at-/),
      refresh_token: expect.stringMatching(/^fake-rt-/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read,write',
    });
    expect((await exchange(fake, fresh.code!)).json.error).toBe('invalid_grant');
  });

  it('pkce required: refuses a request without an S256 challenge, and a missing or wrong verifier', async () => {
    const fake = await start({ pkce: 'required' });
    const { verifier, challenge } = pkcePair();
    await expect(fake.approve(authorizationUrl(fake))).rejects.toThrow(/PKCE is required/);
    await expect(
      fake.approve(authorizationUrl(fake, { code_challenge: challenge, code_challenge_method: 'plain' })),
    ).rejects.toThrow(/S256/);
    const withPkce = authorizationUrl(fake, { code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await exchange(fake, (await fake.approve(withPkce)).code!)).json.error_description).toMatch(/missing/);
    const wrong = await exchange(fake, (await fake.approve(withPkce)).code!, { code_verifier: pkcePair().verifier });
    expect(wrong.json).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/match/) });
    const right = await exchange(fake, (await fake.approve(withPkce)).code!, { code_verifier: verifier });
    expect(right.status).toBe(200);
  });

  it('pkce optional: no challenge needs no verifier, but a verifier without a challenge is refused', async () => {
    const fake = await start();
    expect((await exchange(fake, (await fake.approve(authorizationUrl(fake))).code!)).status).toBe(200);
    const stray = await exchange(fake, (await fake.approve(authorizationUrl(fake))).code!, {
      code_verifier: 'v'.repeat(43),
    });
    expect(stray.json.error).toBe('invalid_grant');
  });

  it('pkce none: the challenge and verifier are ignored, as by a provider that does not know them', async () => {
    const fake = await start({ pkce: 'none' });
    const url = authorizationUrl(fake, { code_challenge: 'whatever', code_challenge_method: 'plain' });
    const answer = await exchange(fake, (await fake.approve(url)).code!, { code_verifier: 'v'.repeat(43) });
    expect(answer.status).toBe(200);
  });

  it('a browser following the authorization URL is redirected back with a code and the state', async () => {
    const fake = await start();
    const response = await fetch(authorizationUrl(fake), { redirect: 'manual' });
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe('state-1');
    expect((await exchange(fake, back.searchParams.get('code')!)).status).toBe(200);
    const refused = await fetch(authorizationUrl(fake, { client_id: 'x' }), { redirect: 'manual' });
    expect(refused.status).toBe(400);
  });

  it('tokenResponse reshapes successful answers and sees the grant type', async () => {
    const fake = await start({
      tokenResponse: (standard, { grantType, request }) => ({
        status: 200,
        body: { ok: true, grant: grantType, path: request.path, authed_user: standard },
        headers: { 'x-fake': 'reshaped' },
      }),
    });
    const answer = await exchange(fake, (await fake.approve(authorizationUrl(fake))).code!);
    expect(answer.json).toMatchObject({ ok: true, grant: 'authorization_code', path: '/oauth/token' });
    expect(answer.json.authed_user.access_token).toBe(fake.issued[0]!.accessToken);
  });
});
