import { backupSqlite } from '@plugboard/core';
import { describeDatabase } from '../config/database.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';
import { type JsonOption, printJson } from './output.js';

/**
 * `plugboard backup <file>`: an online, consistent copy of a SQLite database, safe while hubs write to it
 * (`{ file, bytes, pages, database }` with --json). On Postgres it backs up nothing: it prints the pg_dump line
 * to use and exits 1.
 */
export async function backupCommand(file: string, options: CommandOptions & JsonOption, io: Io): Promise<number> {
  const config = await loadCommandConfig(options, io);
  if (!config.database.startsWith('sqlite:')) {
    io.err('plugboard backup copies SQLite databases; this hub uses Postgres, which pg_dump backs up while it runs:');
    io.err(`  ${pgDumpLine(config.database, file)}`);
    io.err('Restore into an empty database with pg_restore --no-owner --dbname <url> <file> (docs/runbook.md).');
    return 1;
  }
  const backup = await backupSqlite(config.database, file);
  const database = describeDatabase(config.database);
  if (options.json) printJson({ ...backup, database }, io);
  else io.out(`Backed up ${database} to ${backup.file} (${backup.bytes} bytes, integrity checked).`);
  io.err("Its secrets open only with this config's encryptionKeys: keep those too, apart from the backup.");
  return 0;
}

// The password stays out of the line (and out of shell history): pg_dump reads PGPASSWORD or ~/.pgpass.
function pgDumpLine(url: string, file: string): string {
  const dump = `pg_dump --format=custom --file=${shellQuote(file)}`;
  if (!URL.canParse(url)) return `${dump} <the database URL>`;
  const target = new URL(url);
  const password = target.password !== '';
  target.password = '';
  return `${password ? 'PGPASSWORD=... ' : ''}${dump} ${shellQuote(target.toString())}`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
