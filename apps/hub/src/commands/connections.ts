import { type Connection, type ConnectionStatus, ValidationError } from '@plugboard/core';
import { withHub } from '../hub.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';
import { type JsonOption, printJson, printTable } from './output.js';

/** Options of `plugboard connections list`. */
export interface ListConnectionsOptions extends CommandOptions, JsonOption {
  workspace: string;
  provider?: string | undefined;
  status?: string | undefined;
  owner?: string | undefined;
  /** At most this many (newest first); all when absent. */
  limit?: string | undefined;
}

// The service's largest page: the listing walks pages of it.
const PAGE = 100;

/**
 * `plugboard connections list`: a workspace's connections, newest first, filtered by provider, status and owner,
 * as a table or `{ data: Connection[] }` (never credentials).
 */
export async function listConnectionsCommand(options: ListConnectionsOptions, io: Io): Promise<number> {
  const limit = options.limit === undefined ? Number.POSITIVE_INFINITY : Number(options.limit);
  if (!(Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY) || limit < 1) {
    throw new ValidationError('--limit must be a positive whole number.', [
      { path: '--limit', message: 'a positive whole number' },
    ]);
  }
  const config = await loadCommandConfig(options, io);
  // The service validates the filters (an unknown status is a validation_error naming it).
  const filters = { provider: options.provider, status: options.status as ConnectionStatus, ownerId: options.owner };
  const connections = await withHub(config, async (hub) => {
    // An unknown workspace is an error, not an empty list.
    await hub.workspaces.get(options.workspace);
    const found: Connection[] = [];
    let cursor: string | undefined;
    do {
      const page = await hub.connections.list(options.workspace, {
        ...filters,
        limit: Math.min(PAGE, limit - found.length),
        cursor,
      });
      found.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && found.length < limit);
    return found;
  });
  if (options.json) printJson({ data: connections }, io);
  else {
    const rows = connections.map((connection) => [
      connection.id,
      connection.provider,
      connection.ownerId ?? '(shared)',
      connection.accountName ?? connection.accountId,
      connection.status,
      connection.updatedAt,
    ]);
    printTable(['ID', 'PROVIDER', 'OWNER', 'ACCOUNT', 'STATUS', 'UPDATED'], rows, io, 'No connections match.');
  }
  return 0;
}
