import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('PATCH /v1/workspaces/:id', () => {
  it('replaces the settings given and keeps the others', async () => {
    const { id } = await api.workspace();
    const answer = await api.call('PATCH', `/v1/workspaces/${id}`, {
      key: api.adminKey,
      body: { name: 'renamed', allowedRedirectUris: ['https://app.example.com/oauth'] },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.workspace).toMatchObject({
      id,
      name: 'renamed',
      allowedReturnOrigins: ['https://app.example.com'],
      allowedRedirectUris: ['https://app.example.com/oauth'],
      sharedProviders: [],
    });
    const got = await api.call('GET', `/v1/workspaces/${id}`, { key: api.adminKey });
    expect(got.json).toEqual(answer.json);
  });

  it('refuses bad settings, an empty change and unknown keys with 400, and changes nothing', async () => {
    const { id } = await api.workspace();
    const before = (await api.call('GET', `/v1/workspaces/${id}`, { key: api.adminKey })).json;
    for (const body of [
      {},
      { name: '' },
      { allowedReturnOrigins: ['https://app.example.com/path'] },
      { sharedProviders: 'keyed' },
      { sharedProviders: Array.from({ length: 101 }, (_, i) => `p${i}`) },
      { id: 'other' },
    ]) {
      const answer = await api.call('PATCH', `/v1/workspaces/${id}`, { key: api.adminKey, body });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toBe('validation_error');
    }
    expect((await api.call('GET', `/v1/workspaces/${id}`, { key: api.adminKey })).json).toEqual(before);
  });

  it('is for the admin key only, and answers 404 for an unknown workspace', async () => {
    const { id, key } = await api.workspace();
    expect((await api.call('PATCH', `/v1/workspaces/${id}`, { key, body: { name: 'x' } })).status).toBe(403);
    const unknown = await api.call('PATCH', '/v1/workspaces/00000000-0000-7000-8000-000000000000', {
      key: api.adminKey,
      body: { name: 'x' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe('not_found');
  });
});

describe('DELETE /v1/workspaces/:id', () => {
  it('answers 202, stops its keys and hides it at once, and leaves its connections to the background', async () => {
    const { id, key } = await api.workspace();
    const created = await api.call('POST', '/v1/connections', {
      key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'good-key' } },
    });
    expect(created.status).toBe(201);
    const answer = await api.call('DELETE', `/v1/workspaces/${id}`, { key: api.adminKey });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ connections: 1 });
    expect((await api.call('GET', '/v1/connections', { key })).status).toBe(401);
    expect((await api.call('GET', `/v1/workspaces/${id}`, { key: api.adminKey })).status).toBe(404);
    expect((await api.call('GET', `/v1/workspaces/${id}/api-keys`, { key: api.adminKey })).status).toBe(404);
    expect((await api.call('DELETE', `/v1/workspaces/${id}`, { key: api.adminKey })).status).toBe(404);
    const listed = await api.call('GET', '/v1/workspaces', { key: api.adminKey });
    expect(listed.json.data.map((workspace: { id: string }) => workspace.id)).not.toContain(id);
    // The connection is still there until a background pass revokes and deletes it.
    expect((await api.hub.connections.list(id)).data).toHaveLength(1);
    expect(await api.hub.background.deleteDue()).toBe(1);
    expect((await api.hub.connections.list(id)).data).toEqual([]);
  });

  it('is for the admin only', async () => {
    const { id, key } = await api.workspace();
    expect((await api.call('DELETE', `/v1/workspaces/${id}`, { key })).status).toBe(403);
    expect((await api.call('GET', `/v1/workspaces/${id}`, { key: api.adminKey })).status).toBe(200);
  });
});

describe('GET /v1/workspaces/:id/api-keys', () => {
  it('lists the keys, oldest first, as metadata only: never a key or its hash', async () => {
    const { id, key } = await api.workspace();
    const second = await api.call('POST', `/v1/workspaces/${id}/api-keys`, {
      key: api.adminKey,
      body: { name: 'proxy', scopes: ['proxy'] },
    });
    const answer = await api.call('GET', `/v1/workspaces/${id}/api-keys`, { key: api.adminKey });
    expect(answer.status).toBe(200);
    expect(answer.json.data).toHaveLength(2);
    expect(answer.json.data[1]).toEqual(second.json.apiKey);
    for (const listed of answer.json.data) {
      expect(Object.keys(listed).sort()).toEqual([
        'createdAt',
        'id',
        'lastUsedAt',
        'name',
        'prefix',
        'scopes',
        'workspaceId',
      ]);
    }
    for (const secret of [key, second.json.key]) expect(answer.text).not.toContain(secret.slice(-24));
    expect((await api.call('GET', `/v1/workspaces/${id}/api-keys`, { key })).status).toBe(403);
  });
});
