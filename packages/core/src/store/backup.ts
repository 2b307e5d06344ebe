import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PlugboardError, ValidationError } from '../errors.js';
import { sqliteDriver } from './drivers.js';

/** What `backupSqlite` wrote. */
export interface SqliteBackup {
  /** The backup's absolute path. */
  file: string;
  bytes: number;
  pages: number;
}

const SQLITE = 'sqlite:';

/**
 * Copies a `sqlite:<path>` database to `destination` with SQLite's online backup API: a consistent snapshot
 * taken inside one read transaction, which under WAL never blocks the hubs writing meanwhile. The copy is
 * checked (`integrity_check`) under a temporary name and only then renamed into place, so `destination` is a
 * complete database or absent. An existing `destination` is refused (it could be the live database itself).
 */
export async function backupSqlite(url: string, destination: string): Promise<SqliteBackup> {
  const source = url.startsWith(SQLITE) ? url.slice(SQLITE.length) : '';
  if (source === '' || source === ':memory:') {
    throw new ValidationError(`${url} is not a database file: there is nothing to back up.`);
  }
  const file = resolve(destination);
  if (existsSync(file)) throw new ValidationError(`${file} exists: back up to a new file name.`);
  if (!existsSync(source)) throw new ValidationError(`${source} does not exist: check database: in the config.`);
  if (!existsSync(dirname(file)))
    throw new ValidationError(`${dirname(file)} does not exist: create the folder first.`);
  // An EACCES naming the folder, rather than SQLite's "unable to open database file".
  accessSync(dirname(file), constants.W_OK);
  const partial = `${file}.partial-${process.pid}`;
  const SqliteDatabase = sqliteDriver();
  const database = new SqliteDatabase(source, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    // The first step copies nothing and reports the size; the second copies every page at once. Copying in
    // small steps would restart from scratch each time a hub commits in between, possibly forever.
    const { totalPages } = await database.backup(partial, { progress: ({ remainingPages }) => remainingPages });
    checkIntegrity(partial);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, pages: totalPages };
  } finally {
    database.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${partial}${suffix}`, { force: true });
  }
}

// Opened read-write so that closing it folds its WAL back in and removes the -wal and -shm files.
function checkIntegrity(file: string): void {
  const SqliteDatabase = sqliteDriver();
  const copy = new SqliteDatabase(file, { fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') {
      throw new PlugboardError(
        'internal_error',
        `The backup in ${dirname(file)} failed its integrity check: ${result}`,
      );
    }
  } finally {
    copy.close();
  }
}
