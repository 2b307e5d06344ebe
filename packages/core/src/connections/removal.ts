import type { EngineContext } from '../context.js';
import { recordEvent } from '../events/outbox.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';
import { revokeGrant } from './revoke.js';
import { type ConnectionRow, openCredentials, toConnection } from './rows.js';

/**
 * Revokes a connection's grant at the provider first (when it can), then deletes the row with the event saying
 * why (`connection.deleted`, `connection.expired`) and how the revocation went. When another process deleted the
 * row meanwhile, no second event is recorded.
 */
export async function removeConnection(
  ctx: EngineContext,
  oauthApps: ReturnType<typeof createOAuthAppService>,
  row: ConnectionRow,
  event: 'connection.deleted' | 'connection.expired',
): Promise<void> {
  const revocation = await revokeGrant(ctx, oauthApps, row, openCredentials(ctx.keys, row));
  ctx.connectionCache.forget(row.id);
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('connections')
      .where('workspace_id', '=', row.workspace_id)
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) return;
    await recordEvent(trx, row.workspace_id, event, { connection: toConnection(row, ctx), revocation });
  });
}
