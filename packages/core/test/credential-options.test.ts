import {
  createTestDatabase,
  startFakeOAuthServer,
  startReceiver,
  type TestDatabase,
  testEngines,
} from '@plugboard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineProvider, type Hub } from '../src/index.js';
import { fakeOAuthProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('credential expiry, redaction and names on %s', (engine) => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let db: TestDatabase;
  let hub: Hub;
  let workspaceId: string;

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    receiver = await startReceiver();
    // A raw-credential provider signing with two of its fields, against the receiver standing in for its API.
    const signed = defineProvider({
      id: 'signed',
      optionsSchema: z.object({}),
      setup: () => ({
        name: 'Signed',
        auth: { type: 'raw' },
        api: {
          baseUrl: new URL(receiver.url).origin,
          authorize(request, credentials) {
            if (credentials.type !== 'raw') return;
            request.headers.set('x-key-id', credentials.keyId ?? '');
            request.headers.set('x-key-secret', credentials.keySecret ?? '');
          },
        },
      }),
    })({});
    db = createTestDatabase(engine);
    ({ hub } = await startTestHub(db, [fakeOAuthProvider(fake.origin, fake.clientSecret), signed]));
    workspaceId = (await hub.workspaces.create({ name: 'options' })).id;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
    await receiver.close();
    await fake.close();
  });

  it('redacted raw fields never come back from credentials, and still sign proxied calls', async () => {
    const connection = await hub.connections.create(workspaceId, {
      provider: 'signed',
      name: 'Billing key',
      redactFields: ['keySecret'],
      credentials: { type: 'raw', keyId: 'kid-1', keySecret: 'redacted-canary-secret' },
    });
    expect(connection).toMatchObject({ name: 'Billing key', redactFields: ['keySecret'], expiresAt: null });
    expect(await hub.connections.credentials(workspaceId, connection.id)).toEqual({ type: 'raw', keyId: 'kid-1' });
    receiver.received.length = 0;
    const answer = await hub.proxy.forward(workspaceId, connection.id, {
      method: 'GET',
      target: '/hooks',
      headers: {},
    });
    answer.body.resume();
    expect(answer.status).toBe(200);
    expect(receiver.received[0]!.headers['x-key-secret']).toBe('redacted-canary-secret');
  });

  it('refuses redactFields on other credential types or naming a missing field, before asking the provider', async () => {
    const calls = fake.requests.length;
    await expect(
      hub.connections.create(workspaceId, {
        provider: 'fake',
        redactFields: ['accessToken'],
        credentials: { type: 'oauth2', accessToken: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'validation_error', details: [{ path: 'redactFields' }] });
    await expect(
      hub.connections.create(workspaceId, {
        provider: 'signed',
        redactFields: ['keyId', 'nope'],
        credentials: { type: 'raw', keyId: 'kid-1' },
      }),
    ).rejects.toMatchObject({ code: 'validation_error', details: [{ path: 'redactFields[1]' }] });
    expect(fake.requests.length).toBe(calls);
  });

  it('an expired connection is refused at once, then revoked and deleted by the background with connection.expired', async () => {
    const hook = await hub.webhooks.create(workspaceId, { url: receiver.url, events: ['connection.expired'] });
    const session = await hub.connectSessions.create(workspaceId, { provider: 'fake', ownerId: 'u1' });
    const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    if (!result.ok) throw new Error(result.error.message);
    const tokens = await hub.connections.credentials(workspaceId, result.connection.id);
    if (tokens.type !== 'oauth2') throw new Error('oauth2');
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const imported = await hub.connections.create(workspaceId, {
      provider: 'fake',
      ownerId: 'u2',
      expiresAt,
      credentials: { type: 'oauth2', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
    });
    expect(imported.expiresAt).toBe(expiresAt);
    const revocations = () => fake.requests.filter((request) => request.path === '/revoke').length;
    const before = revocations();
    // Not yet due: the pass leaves it.
    expect(await hub.background.deleteDue()).toBe(0);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(expiresAt) + 1 });
    await expect(hub.connections.get(workspaceId, imported.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(hub.connections.credentials(workspaceId, imported.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await hub.background.deleteDue()).toBe(1);
    expect(revocations()).toBe(before + 1);
    expect((await hub.connections.list(workspaceId, { ownerId: 'u2' })).data).toEqual([]);
    // The connection without an expiry stays.
    expect((await hub.connections.get(workspaceId, result.connection.id)).expiresAt).toBeNull();
    receiver.received.length = 0;
    expect(await hub.background.deliverDue()).toBe(1);
    const event = JSON.parse(receiver.received[0]!.body);
    expect(event).toMatchObject({
      type: 'connection.expired',
      data: { connection: { id: imported.id, expiresAt }, revocation: { revoked: true } },
    });
    await hub.webhooks.delete(workspaceId, hook.webhook.id);
  });

  it('keeps refreshTokenExpiresAt over a refresh without a new refresh token, and takes the new one with it', async () => {
    fake.behaviour.refreshTokenExpiresIn = 86_400;
    try {
      const issuedAt = Date.parse('2030-01-01T00:00:00.000Z');
      vi.useFakeTimers({ toFake: ['Date'], now: issuedAt });
      const session = await hub.connectSessions.create(workspaceId, { provider: 'fake', ownerId: 'rt' });
      const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
      if (!result.ok) throw new Error(result.error.message);
      const firstExpiry = new Date(issuedAt + 86_400_000).toISOString();
      expect(result.connection.refreshTokenExpiresAt).toBe(firstExpiry);
      vi.setSystemTime(issuedAt + 60_000);
      fake.behaviour.refresh = 'keep';
      expect((await hub.connections.refresh(workspaceId, result.connection.id)).refreshTokenExpiresAt).toBe(
        firstExpiry,
      );
      fake.behaviour.refresh = 'rotate';
      expect((await hub.connections.refresh(workspaceId, result.connection.id)).refreshTokenExpiresAt).toBe(
        new Date(issuedAt + 60_000 + 86_400_000).toISOString(),
      );
    } finally {
      fake.behaviour.refreshTokenExpiresIn = undefined;
      fake.behaviour.refresh = 'keep';
    }
  });

  it('refuses an expiresAt in the past or not an instant', async () => {
    for (const expiresAt of [new Date(Date.now() - 1000).toISOString(), 'tomorrow']) {
      await expect(
        hub.connections.create(workspaceId, {
          provider: 'signed',
          expiresAt,
          credentials: { type: 'raw', keyId: 'k' },
        }),
      ).rejects.toMatchObject({ code: 'validation_error', details: [{ path: 'expiresAt' }] });
    }
  });
});
