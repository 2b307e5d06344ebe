import { createTestDatabase, rawStorageText, startReceiver, type TestDatabase, testEngines } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, verifyWebhook } from '../src/index.js';
import { keyProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('webhooks on %s', (engine) => {
  let db: TestDatabase;
  let hub: Hub;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    db = createTestDatabase(engine);
    ({ hub } = await startTestHub(db, [keyProvider]));
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
    await receiver.close();
  });

  it('delivers lifecycle events with Standard Webhooks signatures, without credentials', async () => {
    const workspaceId = (await hub.workspaces.create({ name: 'hooks' })).id;
    const { webhook, secret } = await hub.webhooks.create(workspaceId, { url: receiver.url });
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(webhook)).not.toContain(secret);
    const connection = await hub.connections.create(workspaceId, {
      provider: 'keyed',
      credentials: { type: 'api_key', apiKey: 'good-canary-key-77' },
    });
    receiver.received.length = 0;
    expect(await hub.background.deliverDue()).toBe(1);
    const [message] = receiver.received;
    expect(message).toBeDefined();
    const headers = {
      id: String(message!.headers['webhook-id']),
      timestamp: String(message!.headers['webhook-timestamp']),
      signature: String(message!.headers['webhook-signature']),
    };
    expect(verifyWebhook(secret, headers, message!.body)).toBe(true);
    expect(verifyWebhook(secret, headers, `${message!.body} `)).toBe(false);
    expect(verifyWebhook('whsec_AAAA', headers, message!.body)).toBe(false);
    const body = JSON.parse(message!.body);
    expect(body).toMatchObject({ type: 'connection.created', data: { connection: { id: connection.id } } });
    expect(message!.body).not.toContain('good-canary-key-77');
    // Delivered once: a second pass sends nothing.
    expect(await hub.background.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(await rawStorageText(db)).not.toContain(secret.slice('whsec_'.length));
  });

  it("carries the connection's end-user tags in webhook payloads", async () => {
    const workspaceId = (await hub.workspaces.create({ name: 'tagged' })).id;
    await hub.webhooks.create(workspaceId, { url: receiver.url });
    await hub.connections.create(workspaceId, {
      provider: 'keyed',
      tags: { team: 'growth', plan: 'pro' },
      credentials: { type: 'api_key', apiKey: 'good-tagged' },
    });
    receiver.received.length = 0;
    expect(await hub.background.deliverDue()).toBe(1);
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body).toMatchObject({
      type: 'connection.created',
      data: { connection: { tags: { team: 'growth', plan: 'pro' } } },
    });
  });

  it('retries failed deliveries with backoff and keeps a delivery log', async () => {
    const workspaceId = (await hub.workspaces.create({ name: 'flaky' })).id;
    const { webhook } = await hub.webhooks.create(workspaceId, { url: receiver.url, events: ['connection.deleted'] });
    const connection = await hub.connections.create(workspaceId, {
      provider: 'keyed',
      credentials: { type: 'api_key', apiKey: 'good-key-2' },
    });
    expect(await hub.webhooks.deliveries(workspaceId, webhook.id)).toEqual([]);
    receiver.state.status = 503;
    await hub.connections.delete(workspaceId, connection.id);
    await hub.background.deliverDue();
    receiver.state.status = 200;
    const [log] = await hub.webhooks.deliveries(workspaceId, webhook.id);
    expect(log).toMatchObject({ eventType: 'connection.deleted', status: 'pending', attempts: 1, lastStatus: 503 });
    expect(Date.parse(log!.nextAttemptAt!)).toBeGreaterThan(Date.now());
    // Not due yet: nothing is sent before the backoff runs out.
    expect(await hub.background.deliverDue()).toBe(0);
  });

  it("another workspace's webhooks answer not_found, and bad input is refused", async () => {
    const a = (await hub.workspaces.create({ name: 'a' })).id;
    const b = (await hub.workspaces.create({ name: 'b' })).id;
    const { webhook } = await hub.webhooks.create(a, { url: receiver.url });
    await expect(hub.webhooks.get(b, webhook.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(hub.webhooks.delete(b, webhook.id)).rejects.toMatchObject({ code: 'not_found' });
    for (const input of [
      {},
      { url: 'ftp://x.example' },
      { url: 'https://u:p@x.example' },
      { url: receiver.url, events: ['nope'] },
    ]) {
      await expect(hub.webhooks.create(a, input as never)).rejects.toMatchObject({ code: 'validation_error' });
    }
    expect(await hub.webhooks.list(a)).toHaveLength(1);
  });
});
