import { z } from 'zod';
import type { EngineContext } from '../context.js';
import { NotFoundError, parseOrThrow } from '../errors.js';
import type { Connection } from '../model.js';
import { toConnection } from './rows.js';

/** Query of the current-connection lookup. */
export const currentConnectionInput = z.object({
  provider: z.string().min(1).max(100),
  ownerId: z.string().min(1).max(200).optional(),
});

/**
 * The connection an app should use for (provider, owner): the owner's newest active one, else the workspace's
 * newest active shared one, else not_found. Both reads walk an index: (workspace, owner, id), (workspace, shared, id).
 */
export async function currentConnection(ctx: EngineContext, workspaceId: string, input: unknown): Promise<Connection> {
  const query = parseOrThrow(currentConnectionInput, input, 'current connection query');
  const newestActive = ctx.db
    .selectFrom('connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('provider', '=', query.provider)
    .where('status', '=', 'active')
    .orderBy('id', 'desc')
    .limit(1);
  const owned = query.ownerId ? await newestActive.where('owner_id', '=', query.ownerId).executeTakeFirst() : undefined;
  const row = owned ?? (await newestActive.where('shared', '=', 1).executeTakeFirst());
  if (!row) {
    throw new NotFoundError(
      query.ownerId
        ? `An active ${query.provider} connection of owner "${query.ownerId}" (or a shared one)`
        : `An active shared ${query.provider} connection`,
    );
  }
  return toConnection(row, ctx);
}
