import { randomBytes } from 'node:crypto';
import { createTestDatabase, startFakeOAuthServer, testEngines } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { createHub, createKeyRing, createLogger, type Hub, PlugboardError } from '../src/index.js';
import { fakeOAuthProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('encryption key rotation on %s', (engine) => {
  it('connections made under key A work after rotating to [B, A], and after A is removed', async () => {
    const fake = await startFakeOAuthServer();
    const db = createTestDatabase(engine);
    const provider = fakeOAuthProvider(fake.origin, fake.clientSecret);
    const [a, b] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const [idA, idB] = [createKeyRing([a]).currentKeyId, createKeyRing([b]).currentKeyId];
    const open = async (keys: string[]) => (await startTestHub(db, [provider], { encryptionKeys: keys })).hub;
    const withHub = async <T>(keys: string[], work: (hub: Hub) => Promise<T>) => {
      const hub = await open(keys);
      try {
        return await work(hub);
      } finally {
        await hub.close();
      }
    };
    try {
      const made = await withHub([a], async (hub) => {
        const workspace = await hub.workspaces.create({ name: 'rotation' });
        const connections: string[] = [];
        for (const ownerId of ['o-1', 'o-2', 'o-3']) {
          const session = await hub.connectSessions.create(workspace.id, { provider: 'fake', ownerId });
          const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
          if (!result.ok) throw new Error(result.error.message);
          connections.push(result.connection.id);
        }
        const tokens = await hub.connections.credentials(workspace.id, connections[0]!);
        return { workspaceId: workspace.id, connections, tokens };
      });

      // Only B: the rows under A cannot be read, and both the request and the check say which key is missing.
      await withHub([b], async (hub) => {
        const failure = await hub.connections.credentials(made.workspaceId, made.connections[0]!).catch((e) => e);
        expect(failure).toBeInstanceOf(PlugboardError);
        expect(failure.code).toBe('key_unavailable');
        expect(failure.message).toContain(idA);
        expect(await hub.encryption.check()).toMatchObject({ missingKeyIds: [idA], failed: 0 });
      });

      // [B, A]: everything reads; rotate rewrites every envelope under B, in batches, and a second run has nothing left.
      await withHub([b, a], async (hub) => {
        const batches: number[] = [];
        const report = await hub.encryption.rotate({ batchSize: 2, onBatch: (r) => batches.push(r.rewritten) });
        expect(report).toMatchObject({ currentKeyId: idB, undecryptable: [] });
        // Three connections' credentials plus the sessions' verifiers.
        expect(report.rewritten).toBeGreaterThanOrEqual(6);
        expect(batches.length).toBeGreaterThan(1);
        expect((await hub.encryption.rotate()).rewritten).toBe(0);
      });

      // A removed: every connection still works, with the same tokens.
      await withHub([b], async (hub) => {
        expect(await hub.encryption.check()).toMatchObject({ missingKeyIds: [], failed: 0 });
        for (const id of made.connections) {
          const credentials = await hub.connections.credentials(made.workspaceId, id);
          expect(credentials.type).toBe('oauth2');
        }
        expect(await hub.connections.credentials(made.workspaceId, made.connections[0]!)).toEqual(made.tokens);
      });
    } finally {
      await db.drop();
      await fake.close();
    }
  }, 60_000);

  it('a list of admin keys: each one is the admin during a switch-over', async () => {
    const db = createTestDatabase(engine);
    const [oldKey, newKey] = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
    const hub = await createHub({
      database: db.url,
      postgresSchema: db.postgresSchema,
      providers: [],
      encryptionKeys: [randomBytes(32).toString('base64')],
      publicUrl: 'http://127.0.0.1:1',
      adminKey: [newKey, oldKey],
      background: false,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      expect(await hub.auth.authenticate(newKey)).toEqual({ kind: 'admin' });
      expect(await hub.auth.authenticate(oldKey)).toEqual({ kind: 'admin' });
      expect(await hub.auth.authenticate(randomBytes(32).toString('base64url'))).toBeNull();
    } finally {
      await hub.close();
      await db.drop();
    }
  });
});
