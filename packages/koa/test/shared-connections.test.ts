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

describe('GET /v1/connections/current', () => {
  it("answers the owner's newest active connection, else the shared one, else 404", async () => {
    const { key } = await api.workspace();
    const current = (query: string) => api.call('GET', `/v1/connections/current?${query}`, { key });

    const none = await current('provider=keyed&ownerId=ada');
    expect(none.status).toBe(404);
    expect(none.json).toMatchObject({ error: 'not_found', message: expect.stringContaining('ada') });

    const team = await connect(key, { shared: true });
    expect((await current('provider=keyed&ownerId=ada')).json.connection).toMatchObject({ id: team, shared: true });
    expect((await current('provider=keyed')).json.connection.id).toBe(team);

    await connect(key, { ownerId: 'ada' });
    const newest = await connect(key, { ownerId: 'ada' });
    const mine = await current('provider=keyed&ownerId=ada');
    expect(mine.status).toBe(200);
    expect(mine.json.connection).toMatchObject({ id: newest, ownerId: 'ada', shared: false });
    // Another owner still falls back to the shared one; another provider has nothing.
    expect((await current('provider=keyed&ownerId=grace')).json.connection.id).toBe(team);
    expect((await current('provider=fake&ownerId=ada')).status).toBe(404);
  });

  it("never answers another workspace's connection, and refuses a query without provider", async () => {
    const owner = await api.workspace();
    const stranger = await api.workspace();
    await connect(owner.key, { shared: true });
    const answer = await api.call('GET', '/v1/connections/current?provider=keyed', { key: stranger.key });
    expect(answer.status).toBe(404);
    for (const query of ['ownerId=ada', 'provider=', 'provider=keyed&shared=true']) {
      const refused = await api.call('GET', `/v1/connections/current?${query}`, { key: owner.key });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toBe('validation_error');
    }
  });
});

describe("the workspace's shared providers", () => {
  it('makes connections of those providers shared unless the request says otherwise', async () => {
    const { id, key } = await api.workspace();
    const patched = await api.call('PATCH', `/v1/workspaces/${id}`, {
      key: api.adminKey,
      body: { sharedProviders: ['keyed', 'fake'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.workspace).toMatchObject({ sharedProviders: ['keyed', 'fake'], name: 'acme' });

    const byDefault = await connect(key, { ownerId: 'ada' });
    const optedOut = await connect(key, { ownerId: 'ada', shared: false });
    const get = async (connectionId: string) =>
      (await api.call('GET', `/v1/connections/${connectionId}`, { key })).json.connection;
    expect(await get(byDefault)).toMatchObject({ shared: true, ownerId: 'ada' });
    expect(await get(optedOut)).toMatchObject({ shared: false });

    // A connect flow for a shared provider makes a shared connection too.
    const session = await api.call('POST', '/v1/connect-sessions', { key, body: { provider: 'fake' } });
    const answer = await api.call(
      'GET',
      `/oauth/callback?${new URLSearchParams(api.fake.approve(session.json.authorizationUrl))}`,
    );
    expect(answer.status).toBe(200);
    const listed = await api.call('GET', '/v1/connections?provider=fake', { key });
    expect(listed.json.data).toEqual([expect.objectContaining({ provider: 'fake', shared: true })]);
  });
});
