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
});
