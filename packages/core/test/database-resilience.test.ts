import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@plugboard/testing';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createHub, createLogger, isDatabaseUnavailable, PlugboardError } from '../src/index.js';

describe('a database that cannot answer', () => {
  it('tells unreachable or busy databases from bugs in a query', () => {
    const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const error of [
      coded('ECONNREFUSED'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57014', 'canceling statement due to statement timeout'),
      coded('3D000', 'database "nope" does not exist'),
      coded('SQLITE_BUSY', 'database is locked'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      // pg's own connect timeout (the client's connectionTimeoutMillis), seen when the network stalls.
      new Error('timeout expired'),
    ]) {
      expect(isDatabaseUnavailable(error), error.message).toBe(true);
    }
    for (const error of [
      coded('42P01', 'relation "x" does not exist'),
      coded('23505', 'duplicate key'),
      coded('SQLITE_CONSTRAINT_UNIQUE'),
      new TypeError('x is undefined'),
      'not an error',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });

  it('SQLite: a write blocked past the busy timeout is database_unavailable, and the next one works', async () => {
    const db = createTestDatabase('sqlite');
    const hub = await createHub({
      database: db.url,
      providers: [],
      encryptionKeys: [randomBytes(32).toString('base64')],
      publicUrl: 'http://127.0.0.1:1',
      logger: createLogger({ level: 'silent' }),
      databaseTimeouts: { statementMs: 100 },
      background: false,
    });
    // Another process holding the write lock (a long migration, a backup tool that locks).
    const other = new SQLite(db.file!);
    try {
      other.prepare('begin immediate').run();
      const blocked = await hub.workspaces.create({ name: 'blocked' }).catch((error: unknown) => error);
      expect(blocked).toBeInstanceOf(PlugboardError);
      expect((blocked as PlugboardError).code).toBe('database_unavailable');
      other.prepare('rollback').run();
      const workspace = await hub.workspaces.create({ name: 'after' });
      expect((await hub.workspaces.list()).map((w) => w.id)).toEqual([workspace.id]);
    } finally {
      other.close();
      await hub.close();
    }
  });
});
