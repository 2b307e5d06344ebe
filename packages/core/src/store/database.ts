import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { PlugboardError } from '../errors.js';
import { coreMigrations } from './migrations.js';
import type { Database } from './schema.js';

/** Which engine a database URL names. */
export type DatabaseEngine = 'sqlite' | 'postgres';

/** An open database: the Kysely instance and which engine it runs on. */
export interface Store {
  db: Kysely<Database>;
  engine: DatabaseEngine;
}

/** Opens `sqlite:<path>` (WAL, busy timeout, foreign keys) or `postgres://...`; `schema` isolates a Postgres user. */
export function openStore(url: string, options: { postgresSchema?: string | undefined } = {}): Store {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const schema = options.postgresSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new PlugboardError('validation_error', `Invalid Postgres schema name "${schema}".`);
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new PlugboardError('validation_error', 'The sqlite: URL needs a file path, or :memory:.');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new SQLite(path);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), engine: 'sqlite' };
  }
  throw new PlugboardError(
    'validation_error',
    'database must be sqlite:<path> or a postgres:// URL (for example sqlite:./data/plugboard.db).',
  );
}

/** Applies the core's pending migrations; throws with the failing migration's name. */
export async function migrateStore(
  store: Store,
  options: { postgresSchema?: string | undefined } = {},
): Promise<string[]> {
  if (store.engine === 'postgres' && options.postgresSchema) {
    await store.db.schema.createSchema(options.postgresSchema).ifNotExists().execute();
  }
  const migrator = new Migrator({
    db: store.db,
    provider: coreMigrations,
    migrationTableName: 'plugboard_migrations',
    migrationLockTableName: 'plugboard_migrations_lock',
    // Kysely looks the migration tables up by name across every schema unless told which one is ours.
    ...(store.engine === 'postgres' ? { migrationTableSchema: options.postgresSchema ?? 'public' } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new PlugboardError('internal_error', `Database migration ${failed} failed.`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
