import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => api.close());

const scopes = ['connections:read', 'connections:write', 'credentials:read'] as const;

describe('POST /v1/connections: name, expiresAt, redactFields', () => {
  it('keeps redacted raw fields out of /credentials, and answers the name and the fields redacted', async () => {
    const { key } = await api.workspace([...scopes]);
    const created = await api.call('POST', '/v1/connections', {
      key,
      body: {
        provider: 'mounted',
        name: 'Billing',
        redactFields: ['secret'],
        credentials: { type: 'raw', keyId: 'kid-7', secret: 'redact-canary-9f3' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.connection).toMatchObject({ name: 'Billing', redactFields: ['secret'], expiresAt: null });
    const credentials = await api.call('GET', `/v1/connections/${created.json.connection.id}/credentials`, { key });
    expect(credentials.status).toBe(200);
    expect(credentials.json.credentials).toEqual({ type: 'raw', keyId: 'kid-7' });
    expect(credentials.text).not.toContain('redact-canary-9f3');
  });

  it('refuses redactFields for other credential types and a past expiresAt with 400, writing nothing', async () => {
    const { key } = await api.workspace([...scopes]);
    for (const body of [
      { provider: 'keyed', redactFields: ['apiKey'], credentials: { type: 'api_key', apiKey: 'good-1' } },
      { provider: 'mounted', redactFields: ['missing'], credentials: { type: 'raw', keyId: 'k' } },
      { provider: 'keyed', expiresAt: '2001-01-01T00:00:00Z', credentials: { type: 'api_key', apiKey: 'good-1' } },
      { provider: 'keyed', name: '', credentials: { type: 'api_key', apiKey: 'good-1' } },
    ]) {
      const answer = await api.call('POST', '/v1/connections', { key, body });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toBe('validation_error');
    }
    expect((await api.call('GET', '/v1/connections', { key })).json.data).toEqual([]);
  });

  it('deletes a connection past its expiresAt: refused at once, deleted by the background with connection.expired', async () => {
    const { key } = await api.workspace([...scopes]);
    const hook = await api.call('POST', '/v1/webhooks', {
      key,
      body: { url: 'https://hooks.example.com/plugboard', events: ['connection.expired'] },
    });
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const created = await api.call('POST', '/v1/connections', {
      key,
      body: { provider: 'keyed', expiresAt, credentials: { type: 'api_key', apiKey: 'good-2' } },
    });
    expect(created.json.connection.expiresAt).toBe(expiresAt);
    const id = created.json.connection.id;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(expiresAt) + 1 });
    expect((await api.call('GET', `/v1/connections/${id}`, { key })).status).toBe(404);
    expect((await api.call('GET', `/v1/connections/${id}/credentials`, { key })).status).toBe(404);
    expect(await api.hub.background.deleteDue()).toBe(1);
    expect((await api.call('GET', '/v1/connections', { key })).json.data).toEqual([]);
    const log = await api.call('GET', `/v1/webhooks/${hook.json.webhook.id}/deliveries`, { key });
    expect(log.json.data).toMatchObject([{ eventType: 'connection.expired' }]);
  });
});
