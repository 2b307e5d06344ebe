import { type EngineContext, nowIso } from '../context.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';
import { removeConnection } from './removal.js';

// Expired connections a pass handles; the rest wait for the next pass.
const BATCH_SIZE = 100;

/** Connections past their caller-chosen `expiresAt`: revoked where the provider can, deleted, `connection.expired`. */
export function createExpiry(ctx: EngineContext, oauthApps: ReturnType<typeof createOAuthAppService>) {
  return {
    /** One pass; answers how many connections it deleted. */
    async runOnce(): Promise<number> {
      const due = await ctx.db
        .selectFrom('connections')
        .selectAll()
        .where('expires_at', '<=', nowIso())
        .orderBy('expires_at')
        .limit(BATCH_SIZE)
        .execute();
      let deleted = 0;
      for (const row of due) {
        try {
          await removeConnection(ctx, oauthApps, row, 'connection.expired');
          deleted += 1;
        } catch (error) {
          ctx.logger.warn({ err: error, connectionId: row.id }, 'could not delete an expired connection');
        }
      }
      return deleted;
    },
  };
}
