import type { Kysely } from 'kysely';
import type { EngineContext } from '../context.js';
import { parseOrThrow, ValidationError } from '../errors.js';
import type { ListConnectionsInput } from '../hub-types.js';
import type { Connection } from '../model.js';
import type { Database } from '../store/schema.js';
import { listConnectionsInput } from './inputs.js';
import { toConnection } from './rows.js';

/**
 * The query of one listing page: the workspace, its filters, newest first, one row more than the page to know
 * whether another follows. Every filter has an index on (workspace_id, filter, id); a test checks the plans.
 */
export function connectionPageQuery(db: Kysely<Database>, workspaceId: string, input: ListConnectionsInput = {}) {
  const query = parseOrThrow(listConnectionsInput, input, 'connection query');
  let select = db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId);
  if (query.provider) select = select.where('provider', '=', query.provider);
  if (query.ownerId) select = select.where('owner_id', '=', query.ownerId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.shared !== undefined) select = select.where('shared', '=', query.shared ? 1 : 0);
  if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor));
  return {
    limit: query.limit,
    select: select.orderBy('id', 'desc').limit(query.limit + 1),
  };
}

/** One page of a workspace's connections, newest first, with an opaque cursor to the next page. */
export async function listConnections(
  ctx: EngineContext,
  workspaceId: string,
  input: ListConnectionsInput = {},
): Promise<{ data: Connection[]; nextCursor: string | null }> {
  const { select, limit } = connectionPageQuery(ctx.db, workspaceId, input);
  const rows = await select.execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toConnection),
    nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw new ValidationError('Invalid cursor.', [{ path: 'cursor', message: 'invalid' }]);
  return id;
}
