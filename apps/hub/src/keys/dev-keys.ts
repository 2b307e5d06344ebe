import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HubConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';

/** What `plugboard dev` keeps in `<dataDir>/keys.json`. */
export interface DevKeys {
  encryptionKey: string;
  adminKey: string;
  createdAt: string;
}

/** The config with its missing keys filled, and where they came from. */
export interface DevKeysResult {
  config: HubConfig;
  /** `<dataDir>/keys.json`. */
  file: string;
  /** True when the file was written just now (the CLI then prints the admin key, once). */
  generated: boolean;
  /** Which settings were taken from the file (the config's own values always win). */
  filled: Array<'encryptionKeys' | 'adminKey'>;
}

/**
 * Dev mode only: fills a missing encryption key and admin key from `<dataDir>/keys.json`, generating that file
 * (mode 0600) on first use. Losing the file loses access to everything encrypted with its key.
 */
export async function ensureDevKeys(config: HubConfig): Promise<DevKeysResult> {
  const filled: DevKeysResult['filled'] = [];
  if (config.encryptionKeys.length === 0) filled.push('encryptionKeys');
  if (config.adminKey === undefined) filled.push('adminKey');
  const file = join(config.dataDir, 'keys.json');
  if (filled.length === 0) return { config, file, generated: false, filled };

  const { keys, generated } = await readOrCreate(file);
  return {
    config: {
      ...config,
      encryptionKeys: filled.includes('encryptionKeys') ? [keys.encryptionKey] : config.encryptionKeys,
      adminKey: config.adminKey ?? keys.adminKey,
    },
    file,
    generated,
    filled,
  };
}

async function readOrCreate(file: string): Promise<{ keys: DevKeys; generated: boolean }> {
  const fresh: DevKeys = {
    encryptionKey: randomBytes(32).toString('base64'),
    adminKey: `pbadmin_${randomBytes(32).toString('base64url')}`,
    createdAt: new Date().toISOString(),
  };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // `wx` fails when the file exists, so two dev servers starting at once never overwrite each other's keys.
    await writeFile(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return { keys: fresh, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { keys: await readKeys(file), generated: false };
}

async function readKeys(file: string): Promise<DevKeys> {
  let keys: Partial<DevKeys>;
  try {
    keys = JSON.parse(await readFile(file, 'utf8')) as Partial<DevKeys>;
  } catch (error) {
    throw corrupt(file, `cannot be read as JSON (${(error as Error).message})`);
  }
  if (typeof keys.encryptionKey !== 'string' || Buffer.from(keys.encryptionKey, 'base64').length !== 32) {
    throw corrupt(file, 'encryptionKey must be 32 bytes in base64');
  }
  if (typeof keys.adminKey !== 'string' || keys.adminKey.length < 32) {
    throw corrupt(file, 'adminKey must be at least 32 characters');
  }
  return keys as DevKeys;
}

function corrupt(file: string, message: string): ConfigError {
  // Never suggest deleting it: the data encrypted with its key would be unreadable.
  return new ConfigError(file, [
    { path: '(dev keys)', message: `${message}; restore the file or set the keys in the config` },
  ]);
}
