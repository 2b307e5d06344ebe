import { createTestDatabase, testEngines } from '@plugboard/testing';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateStore, openStore } from '../src/index.js';
import { coreMigrations } from '../src/store/migrations.js';

const engines = await testEngines();

describe.each(engines)('migrations on %s', (engine) => {
  it('0009: stored authorization URLs (which carry the OAuth state) are dropped, and the live sessions expire', async () => {
    const db = createTestDatabase(engine);
    const store = openStore(db.url, { postgresSchema: db.postgresSchema });
    try {
      if (db.postgresSchema) await store.db.schema.createSchema(db.postgresSchema).execute();
      // The database as the release before this one left it.
      const migrator = new Migrator({
        db: store.db,
        provider: coreMigrations,
        migrationTableName: 'plugboard_migrations',
        migrationLockTableName: 'plugboard_migrations_lock',
        ...(db.postgresSchema ? { migrationTableSchema: db.postgresSchema } : {}),
      });
      expect((await migrator.migrateTo('0008_12_workspace_deletion')).error).toBeUndefined();
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 600_000).toISOString();
      await store.db
        .insertInto('workspaces')
        .values({
          id: 'w',
          name: 'w',
          allowed_return_origins: '[]',
          allowed_redirect_uris: '[]',
          shared_providers: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const session = (id: string, consumedAt: string | null, url: string | null) => ({
        id,
        workspace_id: 'w',
        provider: 'fake',
        owner_id: null,
        shared: 0,
        scopes: '[]',
        return_to: null,
        redirect_uri: 'http://127.0.0.1/oauth/callback',
        state_hash: `hash-${id}`,
        code_verifier: null,
        oauth_app_id: null,
        authorization_url: url,
        display: null,
        expires_at: later,
        consumed_at: consumedAt,
        created_at: now,
      });
      await store.db
        .insertInto('connect_sessions')
        .values([
          session('live', null, 'https://provider.example/authorize?state=plaintext-state'),
          session('used', now, 'https://provider.example/authorize?state=used-state'),
          session('typed', null, null),
        ])
        .execute();

      await migrateStore(store, { postgresSchema: db.postgresSchema });

      const rows = await store.db
        .selectFrom('connect_sessions')
        .select(['id', 'authorization_url', 'expires_at', 'consumed_at'])
        .orderBy('id')
        .execute();
      expect(rows.map((row) => row.authorization_url)).toEqual([null, null, null]);
      const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
      expect(byId.live!.expires_at <= new Date().toISOString()).toBe(true);
      expect(byId.used).toMatchObject({ expires_at: later, consumed_at: now });
      // A session without a URL (typed-in credentials) keeps working.
      expect(byId.typed!.expires_at).toBe(later);
    } finally {
      await store.db.destroy();
      await db.drop();
    }
  });

  it('0014: sessions keep every column, their workspace key and unique state; provider and shared may be null', async () => {
    const db = createTestDatabase(engine);
    const store = openStore(db.url, { postgresSchema: db.postgresSchema });
    try {
      if (db.postgresSchema) await store.db.schema.createSchema(db.postgresSchema).execute();
      const migrator = new Migrator({
        db: store.db,
        provider: coreMigrations,
        migrationTableName: 'plugboard_migrations',
        migrationLockTableName: 'plugboard_migrations_lock',
        ...(db.postgresSchema ? { migrationTableSchema: db.postgresSchema } : {}),
      });
      expect((await migrator.migrateTo('0013_15_session_locale')).error).toBeUndefined();
      const now = new Date().toISOString();
      await store.db
        .insertInto('workspaces')
        .values({
          id: 'w',
          name: 'w',
          allowed_return_origins: '[]',
          allowed_redirect_uris: '[]',
          shared_providers: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const before = {
        id: 'kept',
        workspace_id: 'w',
        provider: 'fake',
        owner_id: 'u1',
        shared: 1,
        scopes: '["read"]',
        return_to: 'https://app.example.com/done',
        redirect_uri: 'http://127.0.0.1/oauth/callback',
        state_hash: 'hash-kept',
        code_verifier: 'sealed-verifier',
        oauth_app_id: null,
        authorization_url: 'sealed-url',
        display: 'popup',
        tags: '{"team":"a"}',
        locale: 'de',
        expires_at: now,
        consumed_at: null,
        created_at: now,
      };
      await store.db.insertInto('connect_sessions').values(before).execute();

      await migrateStore(store, { postgresSchema: db.postgresSchema });

      const after = await store.db.selectFrom('connect_sessions').selectAll().executeTakeFirstOrThrow();
      expect(after).toEqual({ ...before, providers: null });
      const unbound = { ...before, id: 'unbound', provider: null, shared: null, state_hash: 'hash-unbound' };
      await store.db.insertInto('connect_sessions').values(unbound).execute();
      await expect(
        store.db
          .insertInto('connect_sessions')
          .values({ ...unbound, id: 'same-state' })
          .execute(),
      ).rejects.toThrow();
      await expect(
        store.db
          .insertInto('connect_sessions')
          .values({ ...unbound, id: 'orphan', workspace_id: 'gone', state_hash: 'hash-orphan' })
          .execute(),
      ).rejects.toThrow();
      // Deleting the workspace still takes its sessions with it.
      await store.db.deleteFrom('workspaces').where('id', '=', 'w').execute();
      expect(await store.db.selectFrom('connect_sessions').selectAll().execute()).toEqual([]);
    } finally {
      await store.db.destroy();
      await db.drop();
    }
  });
});
