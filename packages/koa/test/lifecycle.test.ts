import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** An OAuth2 connection made through the API, and a key holding every scope of its workspace. */
async function oauthConnection() {
  const ws = await api.workspace(['connections:read', 'connections:write', 'credentials:read']);
  const session = await api.call('POST', '/v1/connect-sessions', { key: ws.key, body: { provider: 'fake' } });
  const approval = api.fake.approve(session.json.authorizationUrl);
  const done = await api.call('POST', '/v1/connections/callback', {
    key: ws.key,
    body: { provider: 'fake', ...approval, redirectUri: `${api.baseUrl}/oauth/callback` },
  });
  expect(done.status).toBe(201);
  return { ...ws, connectionId: done.json.connection.id as string };
}

describe('credentials and refresh', () => {
  it('answers a usable access token to credentials:read, never the refresh token', async () => {
    const { key, connectionId } = await oauthConnection();
    const answer = await api.call('GET', `/v1/connections/${connectionId}/credentials`, { key });
    expect(answer.status).toBe(200);
    expect(answer.json.credentials).toEqual({
      type: 'oauth2',
      accessToken: api.fake.canaries.accessToken,
      tokenType: expect.stringMatching(/^bearer$/i),
      expiresAt: expect.any(String),
    });
    expect(answer.text).not.toContain(api.fake.canaries.refreshToken);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses credentials without the credentials:read scope, and for another workspace', async () => {
    const { connectionId } = await oauthConnection();
    const plain = await api.workspace(['connections:read']);
    const forbidden = await api.call('GET', `/v1/connections/${connectionId}/credentials`, { key: plain.key });
    expect(forbidden.status).toBe(403);
    const other = await api.workspace(['credentials:read']);
    const hidden = await api.call('GET', `/v1/connections/${connectionId}/credentials`, { key: other.key });
    expect(hidden.status).toBe(404);
    expect(hidden.json.error).toBe('not_found');
  });

  it('answers an invalid_grant on refresh with 409 reauth_required and keeps the connection', async () => {
    const { key, connectionId } = await oauthConnection();
    const answer = await api.call('POST', `/v1/connections/${connectionId}/refresh`, { key });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toBe('reauth_required');
    const after = await api.call('GET', `/v1/connections/${connectionId}`, { key });
    expect(after.json.connection.status).toBe('reauth_required');
  });

  it('refuses to refresh an API-key connection', async () => {
    const ws = await api.workspace();
    const created = await api.call('POST', '/v1/connections', {
      key: ws.key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'good-key' } },
    });
    const answer = await api.call('POST', `/v1/connections/${created.json.connection.id}/refresh`, { key: ws.key });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('validation_error');
  });
});

describe('actions', () => {
  it("runs a provider's action and answers only what its output schema declares", async () => {
    const ws = await api.workspace();
    const created = await api.call('POST', '/v1/connections', {
      key: ws.key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'good-action-key' } },
    });
    const path = `/v1/connections/${created.json.connection.id}/actions`;
    const answer = await api.call('POST', `${path}/key-length`, { key: ws.key, body: { input: { times: 2 } } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ output: { length: 30 } });
    expect(answer.text).not.toContain('good-action-key');
    const bad = await api.call('POST', `${path}/key-length`, { key: ws.key, body: { input: { times: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.details[0].path).toBe('input.times');
    expect((await api.call('POST', `${path}/nope`, { key: ws.key, body: {} })).status).toBe(404);
    const readOnly = await api.workspace(['connections:read']);
    expect((await api.call('POST', `${path}/key-length`, { key: readOnly.key, body: {} })).status).toBe(403);
  });
});

describe('webhooks', () => {
  it('creates an endpoint showing the secret once, lists it, logs deliveries, deletes it', async () => {
    const ws = await api.workspace();
    const created = await api.call('POST', '/v1/webhooks', {
      key: ws.key,
      body: { url: 'https://hooks.example.com/plugboard', events: ['connection.created'] },
    });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    const id = created.json.webhook.id;
    const listed = await api.call('GET', '/v1/webhooks', { key: ws.key });
    expect(listed.json.data.map((w: { id: string }) => w.id)).toEqual([id]);
    expect(listed.text).not.toContain(created.json.secret);
    const got = await api.call('GET', `/v1/webhooks/${id}`, { key: ws.key });
    expect(got.json.webhook).toEqual(created.json.webhook);
    await api.call('POST', '/v1/connections', {
      key: ws.key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'good-key' } },
    });
    const log = await api.call('GET', `/v1/webhooks/${id}/deliveries`, { key: ws.key });
    expect(log.json.data).toMatchObject([{ eventType: 'connection.created', status: 'pending', attempts: 0 }]);
    expect((await api.call('DELETE', `/v1/webhooks/${id}`, { key: ws.key })).status).toBe(204);
    expect((await api.call('GET', `/v1/webhooks/${id}`, { key: ws.key })).status).toBe(404);
  });

  it("answers 404 for another workspace's webhook and 400 for a bad URL", async () => {
    const a = await api.workspace();
    const b = await api.workspace();
    const created = await api.call('POST', '/v1/webhooks', {
      key: a.key,
      body: { url: 'https://hooks.example.com/a' },
    });
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${created.json.webhook.id}`],
      ['GET', `/v1/webhooks/${created.json.webhook.id}/deliveries`],
      ['DELETE', `/v1/webhooks/${created.json.webhook.id}`],
    ] as const) {
      expect((await api.call(method, path, { key: b.key })).status).toBe(404);
    }
    const bad = await api.call('POST', '/v1/webhooks', { key: a.key, body: { url: 'javascript:alert(1)' } });
    expect(bad.status).toBe(400);
    expect(bad.json.details[0].path).toBe('body.url');
  });
});
