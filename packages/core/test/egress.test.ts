import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, startReceiver, type TestDatabase } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressPolicy, type Hub, refusalReason } from '../src/index.js';
import { keyProvider, startTestHub } from './support/hub.js';

// Every spelling the security review registered as a webhook URL; each one reaches this machine or its network.
const INTERNAL_URLS = [
  'http://2130706433:8080/',
  'http://0x7f.1:8080/',
  'http://127.1:8080/',
  'http://017700000001/',
  'http://localhost:8080/',
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://0.0.0.0/',
  'http://[::1]:8080/',
  'http://[::]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:a00:1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[fd12:3456::1]/',
  'http://[fe80::1]/',
  'http://224.0.0.1/',
];

// A fake DNS, as a test fakes a provider: each name answers what the test says, in order.
function fakeDns(answers: Record<string, string[][]>) {
  return async (hostname: string): Promise<LookupAddress[]> => {
    const queue = answers[hostname];
    const next = queue && (queue.length > 1 ? queue.shift()! : queue[0]!);
    if (!next) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('egress policy', () => {
  it('refuses loopback, private, link-local, CGNAT, unique-local, multicast and unspecified in every spelling', () => {
    for (const url of INTERNAL_URLS.filter((value) => !/localhost|internal/.test(value))) {
      expect(refusalReason(new URL(url).hostname), url).toBeDefined();
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700::6810:84e5']) {
      expect(refusalReason(address), address).toBeUndefined();
    }
  });

  it('checks every address a name resolves to, and allows what the allow-list names', async () => {
    const resolve = fakeDns({
      'mixed.example.test': [['93.184.215.14', '127.0.0.1']],
      'public.example.test': [['93.184.215.14']],
    });
    const strict = createEgressPolicy({ resolve });
    const open = createEgressPolicy({ resolve, allow: ['127.0.0.0/8', '::1'] });
    try {
      await expect(strict.check(new URL('http://mixed.example.test/'))).rejects.toThrow(/loopback/);
      await expect(strict.check(new URL('http://public.example.test/'))).resolves.toBeUndefined();
      await expect(open.check(new URL('http://mixed.example.test/'))).resolves.toBeUndefined();
      await expect(open.check(new URL('http://[::ffff:127.0.0.1]/'))).resolves.toBeUndefined();
      await expect(open.check(new URL('http://10.0.0.1/'))).rejects.toThrow(/private/);
    } finally {
      await strict.close();
      await open.close();
    }
    expect(() => createEgressPolicy({ allow: ['not a host!'] })).toThrow(/egress\.allow\[0\]/);
  });
});

describe('webhook egress', () => {
  let db: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const hubs: Hub[] = [];
  const hubWith = async (options: Parameters<typeof startTestHub>[2]) => {
    const { hub } = await startTestHub(db, [keyProvider], options);
    hubs.push(hub);
    return { hub, workspaceId: (await hub.workspaces.create({ name: 'egress' })).id };
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    db = createTestDatabase('sqlite');
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await db.drop();
    await receiver.close();
  });

  it('Webhook SSRF with a status oracle: every internal spelling is refused at registration, nothing stored', async () => {
    const { hub, workspaceId } = await hubWith({ egress: {} });
    for (const url of INTERNAL_URLS) {
      await expect(hub.webhooks.create(workspaceId, { url }), url).rejects.toMatchObject({
        code: 'validation_error',
        details: [{ path: 'url' }],
      });
    }
    await expect(hub.webhooks.create(workspaceId, { url: receiver.url })).rejects.toMatchObject({
      code: 'validation_error',
    });
    expect(await hub.webhooks.list(workspaceId)).toEqual([]);
  });

  it('a name that resolves to loopback is refused unless allow-listed, and then reaches the checked address', async () => {
    const port = new URL(receiver.url).port;
    const url = `http://hooks.example.test:${port}/hooks`;
    const resolve = fakeDns({ 'hooks.example.test': [['127.0.0.1']] });
    const strict = await hubWith({ egress: { resolve } });
    await expect(strict.hub.webhooks.create(strict.workspaceId, { url })).rejects.toMatchObject({
      code: 'validation_error',
    });
    const allowed = await hubWith({ egress: { resolve, allow: ['127.0.0.0/8'] } });
    await allowed.hub.webhooks.create(allowed.workspaceId, { url });
    receiver.received.length = 0;
    await allowed.hub.connections.create(allowed.workspaceId, {
      provider: 'keyed',
      credentials: { type: 'api_key', apiKey: 'good-egress-key' },
    });
    expect(await allowed.hub.background.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('DNS rebinding after registration is refused at delivery, and logged as refused, not as the error text', async () => {
    const port = new URL(receiver.url).port;
    // Public when registered, loopback when delivered.
    const resolve = fakeDns({ 'rebind.example.test': [['93.184.215.14'], ['127.0.0.1']] });
    const { hub, workspaceId } = await hubWith({ egress: { resolve } });
    const { webhook } = await hub.webhooks.create(workspaceId, { url: `http://rebind.example.test:${port}/hooks` });
    receiver.received.length = 0;
    await hub.connections.create(workspaceId, {
      provider: 'keyed',
      credentials: { type: 'api_key', apiKey: 'good-1' },
    });
    expect(await hub.background.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(0);
    const [log] = await hub.webhooks.deliveries(workspaceId, webhook.id);
    expect(log).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'refused' });
  });

  it('delivery logs keep categories: http_4xx, http_5xx, connect_error', async () => {
    const { hub, workspaceId } = await hubWith({ egress: { allow: ['127.0.0.0/8'] } });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { webhook: live } = await hub.webhooks.create(workspaceId, { url: receiver.url });
    const { webhook: dead } = await hub.webhooks.create(workspaceId, { url: `http://127.0.0.1:${closedPort}/` });
    const create = (apiKey: string) =>
      hub.connections.create(workspaceId, { provider: 'keyed', credentials: { type: 'api_key', apiKey } });
    receiver.state.status = 401;
    await create('good-401');
    await hub.background.deliverDue();
    receiver.state.status = 500;
    await create('good-500');
    await hub.background.deliverDue();
    receiver.state.status = 200;
    const logs = await hub.webhooks.deliveries(workspaceId, live.id);
    expect(logs.map((log) => log.lastError).sort()).toEqual(['http_4xx', 'http_5xx']);
    const deadLogs = await hub.webhooks.deliveries(workspaceId, dead.id);
    expect(deadLogs.map((log) => log.lastError)).toEqual(['connect_error', 'connect_error']);
    for (const log of [...logs, ...deadLogs]) expect(log.lastError).not.toMatch(/fetch|ECONN|HTTP/);
  });

  it('at most 20 webhook endpoints per workspace (configurable); duplicate event names are stored once', async () => {
    const defaults = await hubWith({});
    for (let i = 0; i < 20; i++) await defaults.hub.webhooks.create(defaults.workspaceId, { url: receiver.url });
    await expect(defaults.hub.webhooks.create(defaults.workspaceId, { url: receiver.url })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await defaults.hub.webhooks.list(defaults.workspaceId)).toHaveLength(20);
    const small = await hubWith({ webhooks: { maxEndpointsPerWorkspace: 1 } });
    const { webhook } = await small.hub.webhooks.create(small.workspaceId, {
      url: receiver.url,
      events: ['connection.created', 'connection.created', 'connection.deleted', 'connection.created'],
    });
    expect(webhook.events).toEqual(['connection.created', 'connection.deleted']);
    await expect(small.hub.webhooks.create(small.workspaceId, { url: receiver.url })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
