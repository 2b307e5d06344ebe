import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('completes a flow whose redirect the app received itself', async () => {
    const { key, approval } = await approvedSession();
    const answer = await api.call('POST', '/v1/connections/callback', {
      key,
      body: { provider: 'fake', ...approval, redirectUri: `${api.baseUrl}/oauth/callback` },
    });
    expect(answer.status).toBe(201);
    expect(answer.json.connection).toMatchObject({ provider: 'fake', accountName: 'Ada Lovelace' });
  });

  it("answers 404 for another workspace's state, and leaves it usable", async () => {
    const { key, approval } = await approvedSession();
    const stranger = await api.workspace();
    const body = { provider: 'fake', ...approval, redirectUri: `${api.baseUrl}/oauth/callback` };
    const refused = await api.call('POST', '/v1/connections/callback', { key: stranger.key, body });
    expect(refused.status).toBe(404);
    expect(refused.json.error).toBe('not_found');
    expect((await api.call('POST', '/v1/connections/callback', { key, body })).status).toBe(201);
  });
});
