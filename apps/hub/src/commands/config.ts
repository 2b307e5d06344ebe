import { type HubConfig, loadConfig } from '../config/load.js';
import { type DevKeysResult, ensureDevKeys } from '../keys/dev-keys.js';
import type { Io } from './io.js';

/** Options every command takes. */
export interface CommandOptions {
  /** Path of plugboard.yaml. */
  config: string;
  /** Dev mode: missing keys come from (or are generated into) the data folder. */
  dev?: boolean | undefined;
}

/** Loads the config for a command; in dev mode fills missing keys from the data folder and says so. */
export async function loadCommandConfig(options: CommandOptions, io: Io): Promise<HubConfig> {
  const config = await loadConfig(options.config, { mode: options.dev ? 'dev' : 'start' });
  if (!options.dev) return config;
  const keys = await ensureDevKeys(config);
  reportDevKeys(keys, io);
  return keys.config;
}

function reportDevKeys(result: DevKeysResult, io: Io): void {
  if (result.filled.length === 0) return;
  if (!result.generated) {
    io.err(`Using dev keys from ${result.file}`);
    return;
  }
  io.err(`Generated dev keys into ${result.file} (keep it: connections are encrypted with its key).`);
  if (result.filled.includes('adminKey')) {
    io.err(`Admin key (shown once; it is also in that file): ${result.config.adminKey}`);
  }
}
