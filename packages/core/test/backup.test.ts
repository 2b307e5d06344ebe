import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqlite } from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plugboard-backup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL database like the hub's, with `rows` rows of about 1 KiB (many pages). */
function liveDatabase(rows: number): SQLite.Database {
  const database = new SQLite(join(dir, 'hub.db'));
  database.pragma('journal_mode = WAL');
  database.exec('create table t (id integer primary key, body text)');
  const insert = database.prepare('insert into t (body) values (?)');
  for (let i = 0; i < rows; i += 1) insert.run('x'.repeat(1000));
  return database;
}

describe('backupSqlite', () => {
  it('takes a consistent copy while another connection keeps writing, as a running hub does', async () => {
    const hub = liveDatabase(2000);
    const insert = hub.prepare('insert into t (body) values (?)');
    // A commit between every two steps of the backup: SQLite restarts a backup whose source another
    // connection changed, so one copied in small steps would never finish.
    let writes = 0;
    let writing = true;
    const write = () => {
      if (!writing) return;
      insert.run('y');
      writes += 1;
      setImmediate(write);
    };
    setImmediate(write);
    try {
      const result = await backupSqlite(`sqlite:${join(dir, 'hub.db')}`, join(dir, 'copy.db'));
      expect(result).toMatchObject({ file: join(dir, 'copy.db'), pages: expect.any(Number) });
      expect(result.bytes).toBeGreaterThan(2000 * 1000);
    } finally {
      writing = false;
    }
    expect(writes).toBeGreaterThan(0);
    // Only the copy: no temporary file or WAL of it is left behind.
    expect(readdirSync(dir).filter((name) => name.startsWith('copy'))).toEqual(['copy.db']);
    const copy = new SQLite(join(dir, 'copy.db'), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const { rows } = copy.prepare('select count(*) as rows from t').get() as { rows: number };
      expect(rows).toBeGreaterThanOrEqual(2000);
    } finally {
      copy.close();
      hub.close();
    }
  });

  it('refuses to write over an existing file, such as the live database itself', async () => {
    liveDatabase(1).close();
    const live = join(dir, 'hub.db');
    await expect(backupSqlite(`sqlite:${live}`, live)).rejects.toMatchObject({
      code: 'validation_error',
      message: `${live} exists: back up to a new file name.`,
    });
    writeFileSync(join(dir, 'old.db'), 'keep me');
    await expect(backupSqlite(`sqlite:${live}`, join(dir, 'old.db'))).rejects.toThrow(/exists/);
  });

  it('refuses an in-memory or missing database, and a folder that does not exist', async () => {
    await expect(backupSqlite('sqlite::memory:', join(dir, 'a.db'))).rejects.toThrow(/nothing to back up/);
    await expect(backupSqlite(`sqlite:${join(dir, 'none.db')}`, join(dir, 'a.db'))).rejects.toThrow(/does not exist/);
    liveDatabase(1).close();
    await expect(backupSqlite(`sqlite:${join(dir, 'hub.db')}`, join(dir, 'no', 'a.db'))).rejects.toThrow(
      `${join(dir, 'no')} does not exist: create the folder first.`,
    );
    expect(existsSync(join(dir, 'a.db'))).toBe(false);
  });
});
