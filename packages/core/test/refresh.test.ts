import { randomBytes } from 'node:crypto';
import { createTestDatabase, startFakeOAuthServer, type TestDatabase, testEngines } from '@plugboard/testing';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { fakeOAuthProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('token lifecycle on %s', (engine) => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let db: TestDatabase;
  let hub: Hub;
  let sibling: Hub;
  const keys = [randomBytes(32).toString('base64')];

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    db = createTestDatabase(engine);
    const provider = fakeOAuthProvider(fake.origin, fake.clientSecret);
    ({ hub } = await startTestHub(db, [provider], { encryptionKeys: keys, providerTimeoutMs: 2_000 }));
    // A second engine on the same database: its own in-process single-flight, as another host process has.
    ({ hub: sibling } = await startTestHub(db, [provider], { encryptionKeys: keys, providerTimeoutMs: 2_000 }));
  });
  afterAll(async () => {
    await hub.close();
    await sibling.close();
    await db.drop();
    await fake.close();
  });

  let workspaceId: string;
  beforeEach(async () => {
    Object.assign(fake.behaviour, { refresh: 'keep', expiresIn: 3600, delayMs: 0 });
    workspaceId = (await hub.workspaces.create({ name: 'lifecycle' })).id;
  });

  /** Connects an account whose access token is already inside the refresh margin. */
  const connectExpiring = async (ownerId = `o-${randomBytes(4).toString('hex')}`) => {
    fake.behaviour.expiresIn = 1;
    const session = await hub.connectSessions.create(workspaceId, { provider: 'fake', ownerId });
    const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    fake.behaviour.expiresIn = 3600;
    if (!result.ok) throw new Error(result.error.message);
    return { connection: result.connection };
  };

  /** Waits until the one-second token of `connectExpiring` has really expired, not just entered the margin. */
  const pastExpiry = () => new Promise((resolve) => setTimeout(resolve, 1100));

  it('rule 8.1: 1,000 concurrent credential reads of an expired token make exactly one token request', async () => {
    const { connection } = await connectExpiring();
    const before = fake.tokenRequests('refresh_token');
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => hub.connections.credentials(workspaceId, connection.id)),
    );
    expect(fake.tokenRequests('refresh_token') - before).toBe(1);
    const tokens = new Set(results.map((c) => (c.type === 'oauth2' ? c.accessToken : '')));
    expect(tokens.size).toBe(1);
    expect((await hub.connections.get(workspaceId, connection.id)).status).toBe('active');
  }, 60_000);

  it('rule 8.1: two engines on one database refresh once between them, with rotation on', async () => {
    fake.behaviour.refresh = 'rotate';
    fake.behaviour.delayMs = 100;
    const { connection } = await connectExpiring();
    const before = fake.tokenRequests('refresh_token');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? hub : sibling).connections.credentials(workspaceId, connection.id),
      ),
    );
    expect(fake.tokenRequests('refresh_token') - before).toBe(1);
    const accessTokens = new Set(results.map((c) => (c.type === 'oauth2' ? c.accessToken : '')));
    const refreshTokens = new Set(results.map((c) => (c.type === 'oauth2' ? c.refreshToken : '')));
    expect(accessTokens.size).toBe(1);
    expect(refreshTokens.size).toBe(1);
    // The rotated refresh token is the one stored, so the next refresh works.
    fake.behaviour.delayMs = 0;
    const again = await sibling.connections.refresh(workspaceId, connection.id);
    expect(again.status).toBe('active');
  }, 60_000);

  it('rule 8.2: a refresh without refresh_token keeps the old one; expiry is updated', async () => {
    const { connection } = await connectExpiring();
    const original = fake.issued.at(-1)!;
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected oauth2');
    expect(credentials.accessToken).not.toBe(original.accessToken);
    expect(credentials.refreshToken).toBe(original.refreshToken);
    expect(Date.parse(credentials.expiresAt!)).toBeGreaterThan(Date.now() + 3000 * 1000);
    const after = await hub.connections.get(workspaceId, connection.id);
    expect(after.lastRefreshedAt).not.toBeNull();
    expect(after.tokenExpiresAt).toBe(credentials.expiresAt);
  });

  it('rule 8.2: a refresh with a new refresh_token replaces it, and the granted scopes, in the same write', async () => {
    fake.behaviour.refresh = 'rotate';
    const { connection } = await connectExpiring();
    const original = fake.issued.at(-1)!;
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected oauth2');
    expect(credentials.refreshToken).not.toBe(original.refreshToken);
    expect(credentials.refreshToken).toBe(fake.issued.at(-1)!.refreshToken);
    expect((await hub.connections.get(workspaceId, connection.id)).scopes).toEqual(['read']);
  });

  it('rule 8.3: invalid_grant marks the connection reauth_required, keeps it, and records an event', async () => {
    const { connection } = await connectExpiring();
    fake.behaviour.refresh = 'invalid_grant';
    await expect(hub.connections.credentials(workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    const after = await hub.connections.get(workspaceId, connection.id);
    expect(after.status).toBe('reauth_required');
    expect(after.lastError?.code).toBe('reauth_required');
    // Later reads fail fast, without asking the provider again.
    const before = fake.tokenRequests('refresh_token');
    await expect(hub.connections.credentials(workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect(fake.tokenRequests('refresh_token')).toBe(before);
    expect(await eventTypes(connection.id)).toContain('connection.reauth_required');
  });

  it('rule 8.3: invalid_grant re-reads first: tokens written meanwhile (a reconnect) win over reauth', async () => {
    const { connection } = await connectExpiring('same-owner');
    fake.behaviour.refresh = 'invalid_grant';
    const release = fake.holdRefreshes();
    const before = fake.tokenRequests('refresh_token');
    const pending = hub.connections.credentials(workspaceId, connection.id);
    while (fake.tokenRequests('refresh_token') === before) await new Promise((resolve) => setTimeout(resolve, 10));
    // The user reconnects while the refresh is in flight: new tokens are written; then the provider says no.
    const session = await hub.connectSessions.create(workspaceId, { provider: 'fake', ownerId: 'same-owner' });
    const reconnected = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    expect(reconnected.ok && reconnected.connection.id).toBe(connection.id);
    release();
    const credentials = await pending;
    expect(credentials.type === 'oauth2' && credentials.accessToken).toBe(fake.issued.at(-1)!.accessToken);
    expect((await hub.connections.get(workspaceId, connection.id)).status).toBe('active');
  });

  it('a 500 from the provider is recorded in lastError and keeps a still-valid token', async () => {
    fake.behaviour.expiresIn = 3600;
    const session = await hub.connectSessions.create(workspaceId, { provider: 'fake' });
    const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    if (!result.ok) throw new Error('callback failed');
    fake.behaviour.refresh = 'error500';
    const beforeToken = fake.issued.at(-1)!.accessToken;
    await hub.connections.refresh(workspaceId, result.connection.id);
    const after = await hub.connections.get(workspaceId, result.connection.id);
    expect(after.status).toBe('active');
    expect(after.lastError?.code).toBe('provider_error');
    const credentials = await hub.connections.credentials(workspaceId, result.connection.id);
    expect(credentials.type === 'oauth2' && credentials.accessToken).toBe(beforeToken);
    expect(await eventTypes(result.connection.id)).toContain('connection.refresh_failed');
  });

  it('a 500 on an expired token fails the read with provider_error and schedules a retry', async () => {
    const { connection } = await connectExpiring();
    fake.behaviour.refresh = 'error500';
    await pastExpiry();
    await expect(hub.connections.credentials(workspaceId, connection.id)).rejects.toMatchObject({
      code: 'provider_error',
    });
    const row = await rawConnection(connection.id);
    expect(row.refresh_failures).toBe(1);
    expect(Date.parse(row.refresh_retry_at)).toBeGreaterThan(Date.now());
    expect((await hub.connections.get(workspaceId, connection.id)).status).toBe('active');
  });

  it('a 429 without an OAuth error body is rate_limited, recorded, and the token kept', async () => {
    const { connection } = await connectExpiring();
    fake.behaviour.refresh = 'problem429';
    await pastExpiry();
    await expect(hub.connections.credentials(workspaceId, connection.id)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    const after = await hub.connections.get(workspaceId, connection.id);
    expect(after).toMatchObject({ status: 'active', lastError: { code: 'rate_limited' } });
  });

  it('a provider that hangs times out with provider_timeout and the lease is released', async () => {
    const { connection } = await connectExpiring();
    fake.behaviour.refresh = 'hang';
    await pastExpiry();
    await expect(hub.connections.credentials(workspaceId, connection.id)).rejects.toMatchObject({
      code: 'provider_timeout',
    });
    expect((await hub.connections.get(workspaceId, connection.id)).lastError?.code).toBe('provider_timeout');
    expect((await rawConnection(connection.id)).lease_owner).toBeNull();
    fake.behaviour.refresh = 'keep';
    const credentials = await sibling.connections.credentials(workspaceId, connection.id);
    expect(credentials.type).toBe('oauth2');
  });

  it('rule 8.4: the background pass refreshes tokens about to expire, and leaves fresh ones alone', async () => {
    const { connection } = await connectExpiring();
    const before = fake.tokenRequests('refresh_token');
    expect(await hub.background.refreshDue()).toBeGreaterThanOrEqual(1);
    expect(fake.tokenRequests('refresh_token')).toBeGreaterThan(before);
    const after = await hub.connections.get(workspaceId, connection.id);
    expect(Date.parse(after.tokenExpiresAt!)).toBeGreaterThan(Date.now() + 3000 * 1000);
    const settled = fake.tokenRequests('refresh_token');
    await sibling.background.refreshDue();
    expect(fake.tokenRequests('refresh_token')).toBe(settled);
  });

  it('rule 8.5: each lifecycle change writes its event in the same transaction', async () => {
    const { connection } = await connectExpiring();
    await hub.connections.credentials(workspaceId, connection.id);
    await hub.connections.delete(workspaceId, connection.id);
    expect(await eventTypes(connection.id)).toEqual([
      'connection.created',
      'connection.refreshed',
      'connection.deleted',
    ]);
  });

  async function query<T>(text: string, params: unknown[]): Promise<T[]> {
    if (db.engine === 'sqlite') {
      const file = new SQLite(db.file!, { readonly: true });
      try {
        return file.prepare(text.replaceAll(/\$\d/g, '?')).all(...params) as T[];
      } finally {
        file.close();
      }
    }
    const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.postgresSchema}` });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function eventTypes(connectionId: string): Promise<string[]> {
    const rows = await query<{ type: string; payload: string }>('select type, payload from events order by id', []);
    return rows.filter((r) => JSON.parse(r.payload).connection?.id === connectionId).map((r) => r.type);
  }

  async function rawConnection(id: string) {
    const [row] = await query<{ refresh_failures: number; refresh_retry_at: string; lease_owner: string | null }>(
      'select refresh_failures, refresh_retry_at, lease_owner from connections where id = $1',
      [id],
    );
    return row!;
  }
});
