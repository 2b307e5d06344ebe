import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from '../src/index.js';
import { connect, send } from './support/oauth-client.js';

let fake: FakeProvider | undefined;
afterEach(() => fake?.close());
const start = async (options: FakeProviderOptions = {}) => {
  fake = await createFakeProvider(options);
  return fake;
};
const refresh = (fake: FakeProvider, refreshToken: string) =>
  send(fake, { grant_type: 'refresh_token', refresh_token: refreshToken });

describe('fake provider: refresh, expiry and revocation', () => {
  it('keep: refresh answers echo the same refresh token, which keeps working', async () => {
    const fake = await start();
    const first = await connect(fake);
    const second = (await refresh(fake, first.refresh_token!)).json;
    expect(second.refresh_token).toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await refresh(fake, first.refresh_token!)).status).toBe(200);
    expect(fake.issued.map((entry) => entry.grantType)).toEqual([
      'authorization_code',
      'refresh_token',
      'refresh_token',
    ]);
  });

  it('rotate: each refresh answers a new refresh token and the old one becomes invalid_grant', async () => {
    const fake = await start({ refreshTokens: 'rotate' });
    const first = await connect(fake);
    const second = (await refresh(fake, first.refresh_token!)).json;
    expect(second.refresh_token).toMatch(/^fake-rt-/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await refresh(fake, first.refresh_token!)).toEqual({
      status: 400,
      json: expect.objectContaining({ error: 'invalid_grant' }),
    });
    expect((await refresh(fake, second.refresh_token)).status).toBe(200);
  });

  it('omit: refresh answers carry no refresh token and the old one stays valid; setRefreshTokens switches modes', async () => {
    const fake = await start();
    const first = await connect(fake);
    fake.setRefreshTokens('omit');
    const second = await refresh(fake, first.refresh_token!);
    expect(second.status).toBe(200);
    expect(second.json).not.toHaveProperty('refresh_token');
    expect(fake.issued.at(-1)).toEqual({ accessToken: second.json.access_token, grantType: 'refresh_token' });
    expect((await refresh(fake, first.refresh_token!)).status).toBe(200);
  });

  it('none: no refresh token is issued and the refresh grant is unsupported', async () => {
    const fake = await start({ refreshTokens: 'none' });
    const tokens = await connect(fake);
    expect(tokens).not.toHaveProperty('refresh_token');
    expect((await refresh(fake, 'fake-rt-anything')).json.error).toBe('unsupported_grant_type');
  });

  it('expiry: expires_in follows the ttl, tokens die after it, and null means no expires_in and no death', async () => {
    const fake = await start({ accessTokenTtl: null });
    const forever = await connect(fake);
    expect(forever).not.toHaveProperty('expires_in');
    fake.setAccessTokenTtl(1);
    const brief = await connect(fake);
    expect(brief.expires_in).toBe(1);
    expect(fake.isLive(brief.access_token)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(fake.isLive(brief.access_token)).toBe(false);
    expect(fake.isLive(forever.access_token)).toBe(true);
    expect(fake.isLive('fake-at-never-issued')).toBe(false);
  });

  it('revoking a refresh token ends its grant: its access tokens die and it cannot refresh', async () => {
    const fake = await start();
    const tokens = await connect(fake);
    const other = await connect(fake);
    const answer = await send(fake, { token: tokens.refresh_token! }, { path: '/oauth/revoke' });
    expect(answer.status).toBe(200);
    expect(fake.revoked).toEqual([tokens.refresh_token]);
    expect(fake.isLive(tokens.access_token)).toBe(false);
    expect(fake.isLive(other.access_token)).toBe(true);
    expect((await refresh(fake, tokens.refresh_token!)).json.error).toBe('invalid_grant');
    // RFC 7009 2.2: an unknown token still answers 200, and is not recorded as revoked.
    expect((await send(fake, { token: 'unknown-token' }, { path: '/oauth/revoke' })).status).toBe(200);
    expect(fake.revoked).toHaveLength(1);
    const unauthenticated = await send(
      fake,
      { token: other.access_token },
      {
        path: '/oauth/revoke',
        client: { id: fake.clientId, secret: 'wrong' },
      },
    );
    expect(unauthenticated.status).toBe(401);
    expect(fake.isLive(other.access_token)).toBe(true);
  });

  it('paths: custom endpoint paths, and revoke: null leaves no revocation endpoint', async () => {
    const fake = await start({ paths: { token: '/api/token', revoke: null } });
    const tokens = await connect(fake, { path: '/api/token' });
    expect(fake.requestsTo('/api/token')).toHaveLength(1);
    expect((await send(fake, { token: tokens.access_token }, { path: '/oauth/revoke' })).status).toBe(404);
    expect(fake.isLive(tokens.access_token)).toBe(true);
  });
});
