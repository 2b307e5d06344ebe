import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const keyed = (key: string, ownerId: string, tags?: Record<string, string>) =>
  api.call('POST', '/v1/connections', {
    key,
    body: { provider: 'keyed', ownerId, ...(tags && { tags }), credentials: { type: 'api_key', apiKey: 'good-key' } },
  });

const ids = (answer: { json: { data: { ownerId: string }[] } }) => answer.json.data.map((c) => c.ownerId).sort();

describe('end-user tags', () => {
  it('copies the tags of a connect session to the connection it makes', async () => {
    const { key } = await api.workspace();
    const tags = { team: 'growth', 'crm.account-id': '0042' };
    const session = await api.call('POST', '/v1/connect-sessions', { key, body: { provider: 'fake', tags } });
    expect(session.status).toBe(201);
    const approval = api.fake.approve(session.json.authorizationUrl);
    const done = await api.call('POST', '/v1/connections/callback', {
      key,
      body: { provider: 'fake', ...approval, redirectUri: `${api.baseUrl}/oauth/callback` },
    });
    expect(done.status).toBe(201);
    expect(done.json.connection.tags).toEqual(tags);
    const got = await api.call('GET', `/v1/connections/${done.json.connection.id}`, { key });
    expect(got.json.connection.tags).toEqual(tags);
  });

  it('takes tags on POST /v1/connections (none: {}), and filters listings by tag[k]=v, AND-matched', async () => {
    const { key } = await api.workspace();
    expect((await keyed(key, 'u1', { team: 'a', env: 'prod' })).json.connection.tags).toEqual({
      team: 'a',
      env: 'prod',
    });
    await keyed(key, 'u2', { team: 'a', env: 'dev' });
    await keyed(key, 'u3', { team: 'b', env: 'prod' });
    expect((await keyed(key, 'u4')).json.connection.tags).toEqual({});
    const list = (query: string) => api.call('GET', `/v1/connections?${query}`, { key });
    expect(ids(await list('tag[team]=a'))).toEqual(['u1', 'u2']);
    expect(ids(await list('tag[team]=a&tag[env]=prod'))).toEqual(['u1']);
    expect(ids(await list('tag%5Benv%5D=prod&provider=keyed'))).toEqual(['u1', 'u3']);
    expect(ids(await list('tag[team]=c'))).toEqual([]);
    // Pages of a tag filter follow one another.
    const first = await list('tag[team]=a&limit=1');
    const second = await list(`tag[team]=a&limit=1&cursor=${first.json.nextCursor}`);
    expect([...ids(first), ...ids(second)].sort()).toEqual(['u1', 'u2']);
    expect(second.json.nextCursor).toBeNull();
    // Another workspace's tags never match.
    const other = await api.workspace();
    await keyed(other.key, 'u9', { team: 'a' });
    expect(ids(await list('tag[team]=a'))).toEqual(['u1', 'u2']);
  });

  it('refuses a tag filter given twice, alongside a plain tag, or with a bad key, with 400', async () => {
    const { key } = await api.workspace();
    for (const query of ['tag[a]=1&tag[a]=2', 'tag=x&tag[a]=1', 'tag[]=1', 'tag[a b]=1', 'tag=x']) {
      const answer = await api.call('GET', `/v1/connections?${query}`, { key });
      expect(answer.status, query).toBe(400);
      expect(answer.json.error).toBe('validation_error');
    }
  });

  it('bounds tags: at most 10, keys of 1-64 plain characters, values up to 256; bad tags write nothing', async () => {
    const { key } = await api.workspace();
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    for (const tags of [
      eleven,
      { ['k'.repeat(65)]: 'v' },
      { k: 'v'.repeat(257) },
      { 'a b': 'v' },
      { __proto__x: 'v' },
      { k: 1 },
    ]) {
      const connection = await keyed(key, 'bounded', tags as Record<string, string>);
      expect(connection.status).toBe(400);
      expect(connection.json.details[0].path).toMatch(/^body\.tags/);
      const session = await api.call('POST', '/v1/connect-sessions', { key, body: { provider: 'keyed', tags } });
      expect(session.status).toBe(400);
    }
    expect((await api.call('GET', '/v1/connections', { key })).json.data).toEqual([]);
    const edge = await keyed(key, 'bounded', { ...ten, k0: 'v'.repeat(256) });
    expect(edge.status).toBe(201);
  });

  it('a reconnect without tags keeps them, one with tags replaces them (and what listings match)', async () => {
    const { key } = await api.workspace();
    const connect = async (tags?: Record<string, string>) => {
      const body = { provider: 'fake', ownerId: 'u1', ...(tags && { tags }) };
      const session = await api.call('POST', '/v1/connect-sessions', { key, body });
      const approval = api.fake.approve(session.json.authorizationUrl);
      const done = await api.call('POST', '/v1/connections/callback', {
        key,
        body: { provider: 'fake', ...approval, redirectUri: `${api.baseUrl}/oauth/callback` },
      });
      return done.json.connection;
    };
    const first = await connect({ team: 'a' });
    const again = await connect();
    expect(again).toMatchObject({ id: first.id, tags: { team: 'a' } });
    expect(await connect({ team: 'b' })).toMatchObject({ id: first.id, tags: { team: 'b' } });
    expect(ids(await api.call('GET', '/v1/connections?tag[team]=a', { key }))).toEqual([]);
    expect(ids(await api.call('GET', '/v1/connections?tag[team]=b', { key }))).toEqual(['u1']);
  });

  it('declares the tag filter as a deepObject query parameter', async () => {
    const document = (await api.call('GET', '/openapi.json')).json;
    const parameters = document.paths['/v1/connections'].get.parameters as { name: string }[];
    expect(parameters.find((parameter) => parameter.name === 'tag')).toMatchObject({
      in: 'query',
      style: 'deepObject',
      explode: true,
      schema: { type: 'object' },
    });
  });
});
