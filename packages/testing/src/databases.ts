import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A database the storage tests run against: a fresh SQLite file, or a fresh schema in Postgres. */
export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  url: string;
  postgresSchema?: string;
  /** For SQLite: the file, so tests can read its bytes. */
  file?: string;
  drop(): Promise<void>;
}

const postgresUrl = process.env.PLUGBOARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The engines to run on: SQLite always; Postgres when reachable. With PLUGBOARD_REQUIRE_POSTGRES=1 (CI),
 * an unreachable Postgres fails the run instead of being skipped.
 */
export async function testEngines(): Promise<Array<'sqlite' | 'postgres'>> {
  const problem = await postgresReachable();
  if (problem === null) return ['sqlite', 'postgres'];
  if (process.env.PLUGBOARD_REQUIRE_POSTGRES === '1') {
    throw new Error(`PLUGBOARD_REQUIRE_POSTGRES=1 but Postgres at ${postgresUrl} is unreachable: ${problem}`);
  }
  console.warn(`Skipping the Postgres storage tests: ${postgresUrl} is unreachable (${problem}).`);
  return ['sqlite'];
}

/** Creates an isolated database on the given engine. */
export function createTestDatabase(engine: 'sqlite' | 'postgres'): TestDatabase {
  if (engine === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'plugboard-core-')), 'hub.db');
    return { engine, url: `sqlite:${file}`, file, drop: async () => {} };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    engine,
    url: postgresUrl,
    postgresSchema: schema,
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Everything the database holds, as text: the SQLite file and its WAL, or every Postgres row as JSON. */
export async function rawStorageText(db: TestDatabase): Promise<string> {
  if (db.engine === 'sqlite') {
    return (
      readFileSync(db.file!).toString('latin1') + readFileSync(`${db.file}-wal`, { flag: 'a+' }).toString('latin1')
    );
  }
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1',
      [db.postgresSchema],
    );
    let text = '';
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`select row_to_json(t)::text as row from ${db.postgresSchema}.${table_name} t`);
      text += rows.rows.map((r) => r.row).join('\n');
    }
    return text;
  } finally {
    await client.end();
  }
}

/**
 * A whole new Postgres database, for tests that run hub processes (which take a plain URL), or null when
 * Postgres is unreachable and not required (the reason is printed).
 */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const engines = await testEngines();
  if (!engines.includes('postgres')) return null;
  const name = `plugboard_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Ends the idle server sessions on `url`'s database, as a restart, failover or pooler would; returns how many. */
export async function terminateIdleConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state = 'idle'`,
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}
