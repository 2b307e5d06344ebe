import {
  createTestDatabase,
  startFakeOAuthServer,
  startReceiver,
  type TestDatabase,
  testEngines,
} from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { openStore, type Store } from '../src/store/database.js';
import { fakeOAuthProvider, keyProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('workspace deletion on %s', (engine) => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let db: TestDatabase;
  let hub: Hub;
  let store: Store;

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    receiver = await startReceiver();
    db = createTestDatabase(engine);
    ({ hub } = await startTestHub(db, [fakeOAuthProvider(fake.origin, fake.clientSecret), keyProvider]));
    store = openStore(db.url, { postgresSchema: db.postgresSchema });
  });
  afterAll(async () => {
    await store.db.destroy();
    await hub.close();
    await db.drop();
    await receiver.close();
    await fake.close();
  });

  const rowOf = (id: string) => store.db.selectFrom('workspaces').select('id').where('id', '=', id).executeTakeFirst();

  it('revokes and deletes the connections in the background with connection.deleted events, then the row', async () => {
    const workspaceId = (await hub.workspaces.create({ name: 'leaving' })).id;
    const { key } = await hub.apiKeys.create(workspaceId, { scopes: ['connections:read'] });
    await hub.webhooks.create(workspaceId, { url: receiver.url, events: ['connection.deleted'] });
    const session = await hub.connectSessions.create(workspaceId, { provider: 'fake' });
    const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    if (!result.ok) throw new Error(result.error.message);
    await hub.connections.create(workspaceId, {
      provider: 'keyed',
      credentials: { type: 'api_key', apiKey: 'good-1' },
    });
    const pending = await hub.connectSessions.create(workspaceId, { provider: 'fake' });

    expect(await hub.workspaces.delete(workspaceId)).toEqual({ connections: 2 });
    // At once: the key, the open connect session and the workspace itself are gone; nothing was revoked yet.
    expect(await hub.auth.authenticate(key)).toBeNull();
    await expect(hub.connectSessions.open(pending.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(hub.workspaces.get(workspaceId)).rejects.toMatchObject({ code: 'not_found' });
    expect((await hub.workspaces.list()).map((workspace) => workspace.id)).not.toContain(workspaceId);
    await expect(hub.workspaces.delete(workspaceId)).rejects.toMatchObject({ code: 'not_found' });
    const revocations = () => fake.requests.filter((request) => request.path === '/revoke').length;
    const before = revocations();

    expect(await hub.background.deleteDue()).toBe(2);
    expect(revocations()).toBe(before + 1);
    expect((await hub.connections.list(workspaceId)).data).toEqual([]);
    // The row waits for the events about its connections to go out.
    expect(await hub.background.deleteDue()).toBe(0);
    expect(await rowOf(workspaceId)).toBeDefined();
    receiver.received.length = 0;
    expect(await hub.background.deliverDue()).toBe(2);
    const events = receiver.received.map((message) => JSON.parse(message.body));
    expect(events.map((event) => event.type)).toEqual(['connection.deleted', 'connection.deleted']);
    expect(events.map((event) => event.data.connection.provider).sort()).toEqual(['fake', 'keyed']);
    expect(await hub.background.deleteDue()).toBe(0);
    expect(await rowOf(workspaceId)).toBeUndefined();
  });

  it("lists a workspace's keys as metadata only, and answers not_found for an unknown workspace", async () => {
    const workspaceId = (await hub.workspaces.create({ name: 'keys' })).id;
    const first = await hub.apiKeys.create(workspaceId, { name: 'one', scopes: ['connections:read'] });
    const second = await hub.apiKeys.create(workspaceId, { name: 'two', scopes: ['proxy'] });
    const listed = await hub.apiKeys.list(workspaceId);
    expect(listed).toEqual([first.apiKey, second.apiKey]);
    expect(JSON.stringify(listed)).not.toContain(first.key.slice(-20));
    await expect(hub.apiKeys.list('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
