import { API_KEY_SCOPES, type ApiKeyScope, ValidationError } from '@plugboard/core';
import { withHub } from '../hub.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';
import { type JsonOption, printJson, printTable } from './output.js';

/** Scopes a key gets when none are asked for: everything but raw credentials, which must be granted explicitly. */
export const DEFAULT_KEY_SCOPES: ApiKeyScope[] = ['connections:read', 'connections:write', 'proxy'];

/** Options of `plugboard keys create`. */
export interface CreateKeyOptions extends CommandOptions {
  workspace: string;
  scope: string[];
  name?: string | undefined;
}

/** `plugboard keys create`: creates a workspace API key and prints it as JSON; the key is shown this once. */
export async function createKeyCommand(options: CreateKeyOptions, io: Io): Promise<number> {
  const scopes = parseScopes(options.scope);
  const config = await loadCommandConfig(options, io);
  const created = await withHub(config, (hub) =>
    hub.apiKeys.create(options.workspace, { scopes, ...(options.name === undefined ? {} : { name: options.name }) }),
  );
  io.out(JSON.stringify(created, null, 2));
  io.err('Store the key now: only its hash is kept, it cannot be shown again.');
  return 0;
}

function parseScopes(asked: string[]): ApiKeyScope[] {
  if (asked.length === 0) return DEFAULT_KEY_SCOPES;
  const unknown = asked.filter((scope) => !(API_KEY_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown scope ${unknown.join(', ')}: use ${API_KEY_SCOPES.join(', ')}.`, [
      ...unknown.map((scope) => ({ path: '--scope', message: `unknown scope ${scope}` })),
    ]);
  }
  return asked as ApiKeyScope[];
}

/** Options of `plugboard keys rotate`. */
export interface RotateKeysOptions extends CommandOptions {
  batchSize: string;
}

/**
 * `plugboard keys rotate`: re-encrypts every stored secret with the first of `encryptionKeys`, in batches, and
 * prints the counts as JSON. Resumable and safe while hubs serve; fails (1) when some secret no key opens.
 */
export async function rotateKeysCommand(options: RotateKeysOptions, io: Io): Promise<number> {
  const batchSize = Number(options.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValidationError('--batch-size must be a positive whole number.', [
      { path: '--batch-size', message: 'a positive whole number' },
    ]);
  }
  const config = await loadCommandConfig(options, io);
  const report = await withHub(config, (hub) =>
    hub.encryption.rotate({ batchSize, onBatch: (so) => io.err(`re-encrypted ${so.rewritten} so far`) }),
  );
  io.out(JSON.stringify(report, null, 2));
  if (report.undecryptable.length === 0) {
    io.err(
      `Every stored secret is under key ${report.currentKeyId}: the other keys can be removed from encryptionKeys.`,
    );
    return 0;
  }
  const missing = [...new Set(report.undecryptable.map((entry) => entry.keyId))].join(', ');
  io.err(
    `${report.undecryptable.length} secret(s) need key id ${missing}, which encryptionKeys lacks: add it and run again.`,
  );
  return 1;
}

/** Options of `plugboard keys list` and `keys delete`. */
export interface WorkspaceKeysOptions extends CommandOptions, JsonOption {
  workspace: string;
}

/** `plugboard keys list`: a workspace's API keys (ids, names, scopes, dates; never a secret), as a table or `{ data }`. */
export async function listKeysCommand(options: WorkspaceKeysOptions, io: Io): Promise<number> {
  const config = await loadCommandConfig(options, io);
  const keys = await withHub(config, (hub) => hub.apiKeys.list(options.workspace));
  if (options.json) printJson({ data: keys }, io);
  else {
    // The prefix is how a key starts (pbk_ and the first digits of its id): it matches a key to its row.
    const rows = keys.map((key) => [key.id, key.prefix, key.name, key.scopes.join(','), key.createdAt]);
    printTable(['ID', 'PREFIX', 'NAME', 'SCOPES', 'CREATED'], rows, io, 'No API keys in this workspace.');
  }
  return 0;
}

/** `plugboard keys delete <keyId>`: deletes a workspace's API key; hubs refuse it within a few seconds. */
export async function deleteKeyCommand(keyId: string, options: WorkspaceKeysOptions, io: Io): Promise<number> {
  const config = await loadCommandConfig(options, io);
  await withHub(config, (hub) => hub.apiKeys.delete(options.workspace, keyId));
  if (options.json) printJson({ id: keyId, deleted: true }, io);
  else io.out(`Deleted API key ${keyId}.`);
  return 0;
}
