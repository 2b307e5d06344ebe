import { migrateStore, openStore } from '@plugboard/core';
import { describeDatabase } from '../config/database.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';
import { type JsonOption, printJson } from './output.js';

/** `plugboard migrate`: applies the core's pending migrations and lists them (`{ database, applied }` with --json). */
export async function migrateCommand(options: CommandOptions & JsonOption, io: Io): Promise<number> {
  const config = await loadCommandConfig(options, io);
  const where = describeDatabase(config.database);
  // The store rather than hub.migrate(): it reports which migrations ran.
  const store = openStore(config.database);
  try {
    const applied = await migrateStore(store);
    if (options.json) printJson({ database: where, applied }, io);
    else {
      io.out(
        applied.length === 0
          ? `${where}: up to date, no pending migrations`
          : `${where}: applied ${applied.length} migration(s): ${applied.join(', ')}`,
      );
    }
  } finally {
    await store.db.destroy();
  }
  return 0;
}
