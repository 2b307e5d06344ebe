import { createRequire } from 'node:module';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';

// Each driver loads when a URL names its database: a SQLite hub never loads pg, nor a Postgres hub the SQLite
// addon (packages/core/test/lazy-drivers.test.ts holds every module of core to it).
const nodeRequire = createRequire(import.meta.url);

/** better-sqlite3's Database class, loaded on first use. */
export function sqliteDriver(): typeof SQLite {
  return nodeRequire('better-sqlite3') as typeof SQLite;
}

/** The pg module, loaded on first use. */
export function postgresDriver(): typeof pg {
  return nodeRequire('pg') as typeof pg;
}
