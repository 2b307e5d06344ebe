import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { PlugboardError } from '../errors.js';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from '../vendor/kysely.js';
import { postgresDriver, sqliteDriver } from './drivers.js';
import { coreMigrations } from './migrations.js';
import { discardBrokenClients } from './pg-pool.js';
import { mapUnavailableErrors } from './resilience.js';
import type { Database } from './schema.js';

/** Which engine a database URL names. */
export type DatabaseEngine = 'sqlite' | 'postgres';

/** An open database: the Kysely instance and which engine it runs on. */
export interface Store {
  db: Kysely<Database>;
  engine: DatabaseEngine;
}

/** How long the hub waits on the database before a request answers 503 `database_unavailable`. */
export interface DatabaseTimeouts {
  /** Opening a Postgres connection (default 5000 ms); waiting for a free one in the pool may take 3x the longer timeout. */
  connectMs?: number | undefined;
  /** One statement (Postgres: statement_timeout and a client-side read timeout, default 10000 ms; SQLite: the busy timeout, default 5000 ms). */
  statementMs?: number | undefined;
  /** An idle pooled Postgres connection is closed after this long (default 30000 ms). */
  idleMs?: number | undefined;
}

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Postgres only: the schema to use. */
  postgresSchema?: string | undefined;
  timeouts?: DatabaseTimeouts | undefined;
  /** Where lost Postgres connections are reported (they never crash the process). */
  logger?: Logger | undefined;
}

/** Opens `sqlite:<path>` (WAL, busy timeout, foreign keys) or `postgres://...`; `schema` isolates a Postgres user. */
export function openStore(url: string, options: OpenStoreOptions = {}): Store {
  const timeouts = options.timeouts ?? {};
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const schema = options.postgresSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new PlugboardError('validation_error', `Invalid Postgres schema name "${schema}".`);
    }
    const statementMs = timeouts.statementMs ?? 10_000;
    const connectMs = timeouts.connectMs ?? 5_000;
    // pg-pool applies one timeout to opening a connection and to waiting for a free one. Under load the pool is
    // busy, not gone: a queued request may wait longer than a new connection may take to open.
    const { Client, Pool } = postgresDriver();
    class TimedClient extends Client {
      constructor(config: pg.ClientConfig = {}) {
        super({ ...config, connectionTimeoutMillis: connectMs });
      }
    }
    const pool = new Pool({
      Client: TimedClient,
      connectionString: url,
      max: 10,
      connectionTimeoutMillis: Math.max(connectMs, statementMs) * 3,
      idleTimeoutMillis: timeouts.idleMs ?? 30_000,
      // The server cancels a slow statement; the client gives up on a stalled network a little later.
      statement_timeout: statementMs,
      query_timeout: statementMs + 1_000,
      keepAlive: true,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // Without these listeners a connection the server ends (restart, pg_terminate_backend, a stalled network
    // healing) raises an unhandled 'error' and kills the process; the pool replaces the connection instead.
    const report = (error: Error) => options.logger?.warn({ err: error }, 'database connection lost');
    pool.on('error', report);
    pool.on('connect', (client) => client.on('error', report));
    const dialect = new PostgresDialect({ pool: discardBrokenClients(pool) });
    return { db: new Kysely<Database>({ dialect: mapUnavailableErrors(dialect) }), engine: 'postgres' };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new PlugboardError('validation_error', 'The sqlite: URL needs a file path, or :memory:.');
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      // better-sqlite3 says only "unable to open database file"; this names the folder and the reason.
      accessSync(dirname(path), constants.W_OK);
    }
    const SqliteDatabase = sqliteDriver();
    const database = new SqliteDatabase(path);
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${Math.trunc(timeouts.statementMs ?? 5_000)}`);
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    const dialect = mapUnavailableErrors(new SqliteDialect({ database }));
    return { db: new Kysely<Database>({ dialect }), engine: 'sqlite' };
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
    // Kysely's default order is localeCompare, whose first call maps about 2.5 MB of ICU data into every hub;
    // migration names are ASCII (00NN_...), where comparing code units gives the same order.
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    // Kysely looks the migration tables up by name across every schema unless told which one is ours.
    ...(store.engine === 'postgres' ? { migrationTableSchema: options.postgresSchema ?? 'public' } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    // An unreachable, missing or refusing database is not a broken migration: say what it is.
    if (error instanceof PlugboardError && error.code === 'database_unavailable') throw error;
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new PlugboardError('internal_error', `Database migration ${failed} failed.`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
