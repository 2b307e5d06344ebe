import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from '../src/index.js';
import { connect, send } from './support/oauth-client.js';

let fake: FakeProvider | undefined;
afterEach(() => fake?.close());
const start = async (options: FakeProviderOptions = {}) => {
  fake = await createFakeProvider(options);
  return fake;
};
const me = {
  'GET /me': ({ tokenValid, token }: { tokenValid: boolean; token: string | undefined }) =>
    tokenValid ? { body: { id: 'user-1', token } } : { status: 401, body: { error: 'invalid_token' } },
};

describe('fake provider: API routes, injections and records', () => {
  it('routes see whether the token is live, whatever the scheme, and from Meta-style access_token queries', async () => {
    const fake = await start({ routes: me });
    const { access_token: token } = await connect(fake);
    const call = (init: RequestInit, query = '') => fetch(fake.url(`/me${query}`), init);
    expect(await (await call({ headers: { authorization: `Bearer ${token}` } })).json()).toEqual({
      id: 'user-1',
      token,
    });
    expect((await call({ headers: { authorization: `Zoho-oauthtoken ${token}` } })).status).toBe(200);
    expect((await call({}, `?access_token=${token}`)).status).toBe(200);
    expect((await call({ headers: { authorization: 'Bearer fake-at-forged' } })).status).toBe(401);
    expect((await call({ headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    expect((await call({ method: 'POST' })).status).toBe(404);
    expect((await fetch(fake.url('/nowhere'))).status).toBe(404);
  });

  it('inject replaces the next answers of an endpoint, `times` times, then the real answers come back', async () => {
    const fake = await start({ routes: me });
    const tokens = await connect(fake);
    fake.inject('token', { status: 500, body: { error: 'server_error' }, times: 2 });
    const refresh = () => send(fake, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(await refresh()).toEqual({ status: 500, json: { error: 'server_error' } });
    expect((await refresh()).status).toBe(500);
    expect((await refresh()).status).toBe(200);
    fake.inject('GET /me', { status: 429, body: { error: 'rate_limited' } });
    const headers = { authorization: `Bearer ${tokens.access_token}` };
    expect((await fetch(fake.url('/me'), { headers })).status).toBe(429);
    expect((await fetch(fake.url('/me'), { headers })).status).toBe(200);
    expect(() => fake.inject('token', { status: 500, times: 0 })).toThrow(/positive integer/);
    fake.inject('GET /me', { status: 503, times: 3 });
    fake.clearInjections();
    expect((await fetch(fake.url('/me'), { headers })).status).toBe(200);
  });

  it('inject on token:<grant_type> hits only that grant; revoke injections answer the revoke endpoint', async () => {
    const fake = await start();
    fake.inject('token:refresh_token', { status: 400, body: { error: 'invalid_grant' } });
    const tokens = await connect(fake);
    expect((await send(fake, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })).json).toEqual({
      error: 'invalid_grant',
    });
    fake.inject('revoke', { status: 503, body: 'down' });
    const answer = await fetch(fake.url('/oauth/revoke'), { method: 'POST' });
    expect([answer.status, await answer.text()]).toEqual([503, 'down']);
    expect(fake.revoked).toEqual([]);
  });

  it('a delay-only injection slows the real answer; a delayed error arrives after its delay', async () => {
    const fake = await start();
    const tokens = await connect(fake);
    fake.inject('token', { delayMs: 300 });
    let started = performance.now();
    const slow = await send(fake, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(slow.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    fake.inject('token', { delayMs: 200, status: 504, body: { error: 'timeout' } });
    started = performance.now();
    expect((await send(fake, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })).status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("a route can play a provider's own token endpoint: fake.issue mints live tokens recorded in issued", async () => {
    const fake = await start({
      refreshTokens: 'none',
      routes: {
        'GET /oauth/access_token': ({ query }, fake) => {
          if (!fake.isLive(query.get('fb_exchange_token') ?? '')) return { status: 400, body: { error: 'bad token' } };
          return { body: { access_token: fake.issue('fb_exchange_token').accessToken, expires_in: 5_184_000 } };
        },
      },
    });
    const short = await connect(fake);
    const answer = await fetch(fake.url(`/oauth/access_token?fb_exchange_token=${short.access_token}`));
    const long = (await answer.json()) as { access_token: string };
    expect(fake.isLive(long.access_token)).toBe(true);
    expect(fake.issued.at(-1)).toEqual({ accessToken: long.access_token, grantType: 'fb_exchange_token' });
    expect((await fetch(fake.url('/oauth/access_token?fb_exchange_token=forged'))).status).toBe(400);
    expect(fake.setRefreshTokens('rotate')).toBe('none');
    expect(fake.setAccessTokenTtl(null)).toBe(3600);
  });

  it('records every request in order with its method, path, query, lowercased headers and parsed body', async () => {
    const fake = await start({ clientAuth: 'post' });
    await connect(fake, { auth: 'post' });
    await fetch(fake.url('/v1/things?limit=2'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
      body: '{"a":1}',
    });
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /oauth/token',
      'PUT /v1/things',
    ]);
    const [token, put] = fake.requests;
    expect(token!.form?.get('grant_type')).toBe('authorization_code');
    expect(token!.json).toBeUndefined();
    expect(put).toMatchObject({ body: '{"a":1}', json: { a: 1 }, headers: { 'x-custom': 'yes' } });
    expect(put!.query.get('limit')).toBe('2');
    expect(put!.form).toBeUndefined();
    expect(fake.requestsTo('/v1/things')).toEqual([put]);
    expect(fake.url('/x')).toBe(`${fake.origin}/x`);
    expect(fake.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.clientSecret).toMatch(/^fake-secret-[0-9a-f]{32}$/);
    expect(fake.clientId).toBe('fake-client-id');
  });
});
