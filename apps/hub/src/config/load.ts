import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type ErrorDetail, formatPath } from '@plugboard/core';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { parseDocument } from '../vendor/yaml.js';
import { dataDirOf, resolveDatabaseUrl } from './database.js';
import { type Env, substituteEnv } from './env.js';
import { type ConfigMode, configSchema, type RawConfig } from './schema.js';

/** A validated config with every path resolved. */
export interface HubConfig extends RawConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Its folder: relative paths in the config (plugins, sqlite) resolve from here, never from the working directory. */
  configDir: string;
  /** The folder for local files (dev keys): the sqlite file's folder, or `data/` next to the config. */
  dataDir: string;
  mode: ConfigMode;
}

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /** Where `${VAR}` values come from; `process.env` by default. */
  env?: Env;
  /** `dev` lets unset key variables mean "generate them" (see keys/dev-keys.ts). */
  mode?: ConfigMode;
}

/**
 * Reads, substitutes and validates plugboard.yaml. Throws a ConfigError listing every problem by path.
 * In dev mode an unset variable under `encryptionKeys` or `adminKey` drops that value, so dev keys can fill it.
 */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<HubConfig> {
  const file = resolve(path);
  const configDir = dirname(file);
  const mode = options.mode ?? 'start';
  const raw = parseYaml(file, await readConfigFile(file));

  const substituted = substituteEnv(raw, {
    env: options.env ?? process.env,
    optional: mode === 'dev' ? isKeyPath : undefined,
    baseDir: configDir,
  });
  const result = configSchema(mode).safeParse(substituted.value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
  });
  // A value whose variable is missing also fails validation; one problem per path is enough.
  const reported = new Set(substituted.problems.map((problem) => problem.path));
  const details = [
    ...substituted.problems.map((problem) =>
      problem.path.startsWith('encryptionKeys')
        ? { ...problem, message: `${problem.message}: the server refuses to start without an encryption key` }
        : problem,
    ),
    ...(result.success ? [] : issueDetails(result.error).filter((detail) => !reported.has(detail.path))),
  ];
  if (!result.success || details.length > 0) throw new ConfigError(file, details);

  const database = resolveDatabaseUrl(result.data.database, configDir);
  return { ...result.data, database, file, configDir, dataDir: dataDirOf(database, configDir), mode };
}

function isKeyPath(path: ReadonlyArray<string | number>): boolean {
  return path[0] === 'encryptionKeys' || (path[0] === 'adminKey' && path.length === 1);
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found (pass --config <path>, or create plugboard.yaml)'
        : `cannot be read: ${(error as Error).message}`;
    throw new ConfigError(file, [{ path: '(file)', message: reason }]);
  }
}

function parseYaml(file: string, text: string): unknown {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => ({
        path: error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '(yaml)',
        message: error.message.split('\n')[0] ?? error.code,
      })),
    );
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(file, [
      { path: '(root)', message: 'must be a mapping of settings (publicUrl: ..., providers: ...)' },
    ]);
  }
  return value;
}

// zod reports unknown keys on their parent; name each key instead, so a typo is found at once.
function issueDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown setting' }))
      : [{ path: formatPath(issue.path) || '(root)', message: issue.message }],
  );
}
