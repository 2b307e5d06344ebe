import { periodic } from '../background/periodic.js';
import type { EngineContext } from '../context.js';
import { nowIso } from '../context.js';
import type { createRefresher } from './refresh.js';

/** Settings of the background refresh. */
export interface RefreshSchedulerOptions {
  /** How often to look for tokens about to expire (jittered by +/-20%). Default 30 s. */
  intervalMs?: number;
  /** Refresh tokens expiring within this window. Default 5 minutes. */
  lookaheadMs?: number;
  /** Refreshes run at once. Default 4. */
  concurrency?: number;
  /** Connections looked at per pass. Default 200. */
  batchSize?: number;
}

/**
 * Refreshes tokens before they expire, in the background. Safe with several hosts on one database:
 * every refresh goes through the refresher's lease, so two schedulers never refresh one connection twice.
 */
export function createRefreshScheduler(
  ctx: EngineContext,
  refresher: ReturnType<typeof createRefresher>,
  options: RefreshSchedulerOptions = {},
) {
  const intervalMs = options.intervalMs ?? 30_000;
  const lookaheadMs = options.lookaheadMs ?? 5 * 60_000;
  const concurrency = options.concurrency ?? 4;
  const batchSize = options.batchSize ?? 200;

  const runOnce = async (): Promise<number> => {
    const now = nowIso();
    const due = await ctx.db
      .selectFrom('connections')
      .selectAll()
      .where('credential_type', '=', 'oauth2')
      .where('status', '=', 'active')
      .where('token_expires_at', '<=', new Date(Date.now() + lookaheadMs).toISOString())
      .where((eb) => eb.or([eb('refresh_retry_at', 'is', null), eb('refresh_retry_at', '<=', now)]))
      .orderBy('token_expires_at')
      .limit(batchSize)
      .execute();
    let refreshed = 0;
    const queue = [...due];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        try {
          await refresher.ensureFresh(row, { marginMs: lookaheadMs });
          refreshed += 1;
        } catch (error) {
          // The refresher already recorded the failure on the connection (lastError, backoff, event).
          ctx.logger.warn(
            { connectionId: row.id, provider: row.provider, err: (error as Error).message },
            'background refresh failed',
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    return refreshed;
  };

  const task = periodic('refresh scheduler', runOnce, () => intervalMs * (0.8 + Math.random() * 0.4), ctx.logger);

  return {
    /** One pass now; returns how many connections were refreshed (or found fresh by a sibling). */
    runOnce,
    start: task.start,
    /** Stops scheduling and waits for a pass under way. */
    stop: task.stop,
  };
}
