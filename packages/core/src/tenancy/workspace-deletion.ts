import { type EngineContext, nowIso } from '../context.js';
import { isPlugboardError, NotFoundError } from '../errors.js';

// Deletion may wait on providers' revocation endpoints: a batch of each workspace's connections per pass.
const BATCH_SIZE = 50;

/**
 * Deleting a workspace: at once for the API (it answers 404, its keys and connect sessions are deleted), then in
 * the background, connection by connection, as `DELETE /v1/connections/:id` does (revocation, `connection.deleted`
 * events). The row goes last, once its webhooks have no delivery pending, so those events still go out.
 */
export function createWorkspaceDeletion(
  ctx: EngineContext,
  deps: {
    deleteConnection(workspaceId: string, id: string): Promise<void>;
    /** Forgets the workspace's keys this process has cached. */
    forgetKeys(workspaceId: string): void;
  },
) {
  // The workspace's last step: nothing left to revoke, nothing left to deliver. Events have no foreign key.
  const finish = async (workspaceId: string): Promise<void> => {
    const pending = await ctx.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'pending')
      .limit(1)
      .executeTakeFirst();
    if (pending) return;
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('events').where('workspace_id', '=', workspaceId).execute();
      await trx.deleteFrom('workspaces').where('id', '=', workspaceId).where('deleting_at', 'is not', null).execute();
    });
    ctx.logger.info({ workspaceId }, 'workspace deleted');
  };

  /** One pass: a batch of each deleted workspace's connections; answers how many were deleted. */
  const runOnce = async (): Promise<number> => {
    let deleted = 0;
    const marked = await ctx.db.selectFrom('workspaces').select('id').where('deleting_at', 'is not', null).execute();
    for (const { id: workspaceId } of marked) {
      const rows = await ctx.db
        .selectFrom('connections')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .orderBy('id')
        .limit(BATCH_SIZE)
        .execute();
      for (const { id } of rows) {
        try {
          await deps.deleteConnection(workspaceId, id);
          deleted += 1;
        } catch (error) {
          // Another process deleted it meanwhile; anything else is tried again next pass.
          if (!isPlugboardError(error) || error.code !== 'not_found') {
            ctx.logger.warn({ err: error, workspaceId, connectionId: id }, 'could not delete a connection');
          }
        }
      }
      if (rows.length === 0) await finish(workspaceId);
    }
    return deleted;
  };

  return {
    /**
     * Marks the workspace deleted and deletes its keys and connect sessions in one transaction; answers how many
     * connections the background will revoke and delete.
     */
    async start(workspaceId: string): Promise<{ connections: number }> {
      const now = nowIso();
      const connections = await ctx.db.transaction().execute(async (trx) => {
        const marked = await trx
          .updateTable('workspaces')
          .set({ deleting_at: now, updated_at: now })
          .where('id', '=', workspaceId)
          .where('deleting_at', 'is', null)
          .executeTakeFirst();
        if (marked.numUpdatedRows === 0n) throw new NotFoundError('Workspace');
        await trx.deleteFrom('api_keys').where('workspace_id', '=', workspaceId).execute();
        await trx.deleteFrom('connect_sessions').where('workspace_id', '=', workspaceId).execute();
        const { count } = await trx
          .selectFrom('connections')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirstOrThrow();
        return Number(count);
      });
      deps.forgetKeys(workspaceId);
      return { connections };
    },
    runOnce,
  };
}
