import type { EngineContext } from '../context.js';
import { parseOrThrow, ValidationError } from '../errors.js';
import type { ListConnectionsInput } from '../hub-types.js';
import type { Connection } from '../model.js';
import { listConnectionsInput } from './inputs.js';
import { toConnection } from './rows.js';

/** One page of a workspace's connections, newest first, with an opaque cursor to the next page. */
export async function listConnections(
  ctx: EngineContext,
  workspaceId: string,
  input: ListConnectionsInput = {},
): Promise<{ data: Connection[]; nextCursor: string | null }> {
  const query = parseOrThrow(listConnectionsInput, input, 'connection query');
  let select = ctx.db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId);
  if (query.provider) select = select.where('provider', '=', query.provider);
  if (query.ownerId) select = select.where('owner_id', '=', query.ownerId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor));
  const rows = await select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toConnection),
    nextCursor: rows.length > query.limit && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw new ValidationError('Invalid cursor.', [{ path: 'cursor', message: 'invalid' }]);
  return id;
}
