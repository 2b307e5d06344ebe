import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

/** A keyed connection made over HTTP; answers its id. */
async function connect(key: string, body: Record<string, unknown>): Promise<string> {
  const answer = await api.call('POST', '/v1/connections', {
    key,
    body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: `good-${Math.random()}` }, ...body },
  });
  expect(answer.status).toBe(201);
  return answer.json.connection.id as string;
}

describe('shared connections', () => {
  it('lists shared or per-user connections with shared=true|false, combined with other filters', async () => {
    const { key } = await api.workspace();
    const team = await connect(key, { shared: true });
    const ada = await connect(key, { ownerId: 'ada' });
    const ids = async (query: string) => {
      const answer = await api.call('GET', `/v1/connections?${query}`, { key });
      expect(answer.status).toBe(200);
      return answer.json.data.map((connection: { id: string }) => connection.id);
    };
    expect(await ids('shared=true')).toEqual([team]);
    expect(await ids('shared=false')).toEqual([ada]);
    expect(await ids('shared=false&ownerId=ada&provider=keyed&status=active')).toEqual([ada]);
    expect(await ids('shared=true&ownerId=ada')).toEqual([]);
    const refused = await api.call('GET', '/v1/connections?shared=yes', { key });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'validation_error', details: [{ path: 'query.shared' }] });
  });
});
