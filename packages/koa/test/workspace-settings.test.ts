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
