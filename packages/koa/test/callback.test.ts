import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Answer, startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** Starts a connect session over the API and has the fake provider approve it, as the user's browser would. */
async function approvedSession(body: Record<string, unknown> = {}) {
  const { key } = await api.workspace();
  const session = await api.call('POST', '/v1/connect-sessions', { key, body: { provider: 'fake', ...body } });
  expect(session.status).toBe(201);
  return { key, approval: api.fake.approve(session.json.authorizationUrl) };
}

const callback = (params: Record<string, string>) => api.call('GET', `/oauth/callback?${new URLSearchParams(params)}`);

const expectPage = (answer: Answer, status: number) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.headers.get('location')).toBeNull();
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  expect(answer.headers.get('content-security-policy')).toMatch(
    /^default-src 'none'; style-src 'nonce-[\w+/=]+'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'$/,
  );
};

describe('GET /oauth/callback', () => {
  it("redirects to the session's returnTo with connection_id, ignoring any return URL in the query", async () => {
    const { key, approval } = await approvedSession({ returnTo: 'https://app.example.com/done?tab=1' });
    const answer = await callback({
      ...approval,
      returnTo: 'https://evil.example/',
      redirect: 'https://evil.example/',
      redirect_uri: 'https://evil.example/',
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.origin).toBe('https://app.example.com');
    expect(location.pathname).toBe('/done');
    expect(location.searchParams.get('tab')).toBe('1');
    const connectionId = location.searchParams.get('connection_id')!;
    const connection = await api.call('GET', `/v1/connections/${connectionId}`, { key });
    expect(connection.json.connection).toMatchObject({ provider: 'fake', accountId: 'user-42', status: 'active' });
  });

  it("redirects the provider's error to returnTo, with no connection", async () => {
    const { approval } = await approvedSession({ returnTo: 'https://app.example.com/done' });
    const answer = await callback({
      state: approval.state,
      error: 'access_denied',
      error_description: 'The user said no',
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://app.example.com/done');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toBe('The user said no');
    expect(location.searchParams.get('connection_id')).toBeNull();
  });

  it('shows a result page when the session has no returnTo', async () => {
    const { approval } = await approvedSession();
    const answer = await callback(approval);
    expectPage(answer, 200);
    expect(answer.text).toContain(
      'Your Fake account <strong>Ada Lovelace</strong> is connected to <strong>acme</strong>.',
    );
  });

  it('shows an escaped failure page for a provider error without returnTo', async () => {
    const { approval } = await approvedSession();
    const answer = await callback({
      state: approval.state,
      error: 'server_error',
      error_description: '<script>alert(1)</script>',
    });
    expectPage(answer, 400);
    expect(answer.text).toContain('<h1>Not connected</h1>');
    expect(answer.text).not.toContain('<script>');
    // The provider's own words are kept for support, folded and escaped.
    expect(answer.text).toContain('server_error: &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('tells a user who denied access that they did, in their words', async () => {
    const { approval } = await approvedSession();
    const answer = await callback({ state: approval.state, error: 'access_denied', error_description: 'denied' });
    expectPage(answer, 400);
    expect(answer.text).toContain('<h1>You denied access</h1>');
    expect(answer.text).not.toContain('The user');
  });

  it('answers an unknown or missing state with an error page, never a redirect', async () => {
    const unknown = await callback({ state: 'not-a-state', code: 'x', returnTo: 'https://evil.example/' });
    expectPage(unknown, 404);
    expectPage(await callback({ code: 'x' }), 400);
    expectPage(await api.call('GET', '/oauth/callback?state=a&state=b'), 400);
  });

  it('refuses a replayed callback', async () => {
    const { approval } = await approvedSession({ returnTo: 'https://app.example.com/done' });
    expect((await callback(approval)).status).toBe(302);
    const tokenRequests = api.fake.requests.filter((request) => request.path === '/token').length;
    const replay = await callback(approval);
    expectPage(replay, 409);
    expect(api.fake.requests.filter((request) => request.path === '/token').length).toBe(tokenRequests);
  });
});

describe('POST /v1/connections/callback', () => {
  const redirectUri = () => `${api.baseUrl}/oauth/callback`;
  const apiCallback = (key: string, body: Record<string, unknown>) =>
    api.call('POST', '/v1/connections/callback', {
      key,
      body: { provider: 'fake', redirectUri: redirectUri(), ...body },
    });

  it("completes a flow whose redirect the app received itself, answering the session's returnTo", async () => {
    const { key, approval } = await approvedSession({ returnTo: 'https://app.example.com/done?tab=1' });
    const answer = await apiCallback(key, approval);
    expect(answer.status).toBe(201);
    expect(answer.json.connection).toMatchObject({ provider: 'fake', accountName: 'Ada Lovelace' });
    expect(answer.json.returnTo).toBe('https://app.example.com/done?tab=1');
    const without = await approvedSession();
    expect((await apiCallback(without.key, without.approval)).json.returnTo).toBeNull();
  });

  it('records when the refresh token stops working, from refresh_token_expires_in', async () => {
    const { key, approval } = await approvedSession();
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now });
    try {
      const answer = await apiCallback(key, approval);
      expect(answer.json.connection.refreshTokenExpiresAt).toBe(new Date(now + 7_776_000_000).toISOString());
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes the provider's error instead of a code: the session ends, the event and the reply say why", async () => {
    const { key, approval } = await approvedSession({ returnTo: 'https://app.example.com/done' });
    const hook = await api.call('POST', '/v1/webhooks', {
      key,
      body: { url: 'https://hooks.example.com/plugboard', events: ['connect_session.failed'] },
    });
    const tokenRequests = api.fake.requests.filter((request) => request.path === '/token').length;
    const answer = await apiCallback(key, {
      state: approval.state,
      error: 'access_denied',
      errorDescription: 'The user said no',
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      connection: null,
      error: { code: 'access_denied', message: 'The user said no' },
      returnTo: 'https://app.example.com/done',
    });
    const log = await api.call('GET', `/v1/webhooks/${hook.json.webhook.id}/deliveries`, { key });
    expect(log.json.data).toMatchObject([{ eventType: 'connect_session.failed' }]);
    // The session has ended: its code is no longer accepted, and no code was ever exchanged.
    const again = await apiCallback(key, approval);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_state', details: [{ path: 'state', message: 'used' }] });
    expect(api.fake.requests.filter((request) => request.path === '/token').length).toBe(tokenRequests);
    const listed = await api.call('GET', '/v1/connections', { key });
    expect(listed.json.data).toEqual([]);
  });

  it('needs exactly one of code and error', async () => {
    const { key, approval } = await approvedSession();
    for (const body of [{ state: approval.state }, { ...approval, error: 'access_denied' }]) {
      const answer = await apiCallback(key, body);
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: 'validation_error', details: [{ path: 'body.code' }] });
    }
    // Refused input did not burn the session.
    expect((await apiCallback(key, approval)).status).toBe(201);
  });

  it('answers 400 invalid_state for an unknown, used or expired state', async () => {
    const { key, approval } = await approvedSession();
    const unknown = await apiCallback(key, { state: 'not-a-state', code: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: 'invalid_state', details: [{ path: 'state', message: 'unknown' }] });
    expect((await apiCallback(key, approval)).status).toBe(201);
    const used = await apiCallback(key, approval);
    expect(used.status).toBe(400);
    expect(used.json).toMatchObject({ error: 'invalid_state', details: [{ path: 'state', message: 'used' }] });
    const late = await approvedSession();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000 });
    try {
      const expired = await apiCallback(late.key, late.approval);
      expect(expired.status).toBe(400);
      expect(expired.json).toMatchObject({ error: 'invalid_state', details: [{ path: 'state', message: 'expired' }] });
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 400 invalid_code when the provider refuses the code', async () => {
    const { key, approval } = await approvedSession();
    const answer = await apiCallback(key, { ...approval, code: 'not-a-code' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_code');
    expect(answer.json.message).toContain('invalid_grant');
  });

  it("answers 400 invalid_state for another workspace's state, and leaves it usable", async () => {
    const { key, approval } = await approvedSession();
    const stranger = await api.workspace();
    const refused = await apiCallback(stranger.key, approval);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'invalid_state', details: [{ path: 'state', message: 'unknown' }] });
    expect((await apiCallback(key, approval)).status).toBe(201);
  });
});
