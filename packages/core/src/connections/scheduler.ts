import { periodic } from '../background/periodic.js';
import type { EngineContext } from '../context.js';
import { nowIso } from '../context.js';
import type { createRefresher } from './refresh.js';
import type { ConnectionRow } from './rows.js';

/** Settings of the background refresh. */
export interface RefreshSchedulerOptions {
  /** How often to look for tokens about to expire (jittered by +/-20%). Default 30 s. */
  intervalMs?: number;
  /**
   * The longest look-ahead: a token is refreshed when it expires within min(this, a fifth of its lifetime),
   * so short-lived tokens are not refreshed on every pass. Default 5 minutes.
   */
  lookaheadMs?: number;
  /** Refreshes run at once. Default 4. */
  concurrency?: number;
  /** Connections looked at per pass. Default 200. */
  batchSize?: number;
}

/**
 * How far ahead of its expiry a token is refreshed: a fifth of its lifetime (issued at the last refresh, or at
 * the last connect), at most `maxMs`, and never less than one scan interval, so some pass lands inside the window.
 */
export function refreshLookahead(
  row: Pick<ConnectionRow, 'token_expires_at' | 'last_refreshed_at' | 'updated_at'>,
  maxMs: number,
  minMs: number,
): number {
  if (!row.token_expires_at) return maxMs;
  const issuedAt = Date.parse(row.last_refreshed_at ?? row.updated_at);
  const lifetimeMs = Date.parse(row.token_expires_at) - issuedAt;
  if (!Number.isFinite(lifetimeMs) || lifetimeMs <= 0) return maxMs;
  return Math.min(maxMs, Math.max(lifetimeMs / 5, minMs));
}

/**
 * Refreshes tokens before they expire, in the background. Safe with several hosts on one database:
 * every refresh goes through the refresher's lease and re-reads the row once the lease is held, so a row a
 * sibling refreshed since this pass's scan is found fresh and skipped (rule 8.8).
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
    const scanned = await ctx.db
      .selectFrom('connections')
      .selectAll()
      .where('credential_type', '=', 'oauth2')
      .where('status', '=', 'active')
      .where('token_expires_at', '<=', new Date(Date.now() + lookaheadMs).toISOString())
      .where((eb) => eb.or([eb('refresh_retry_at', 'is', null), eb('refresh_retry_at', '<=', now)]))
      .orderBy('token_expires_at')
      .limit(batchSize)
      .execute();
    // Every pass runs at most 1.2 intervals after the previous one: a window that long is never jumped over.
    const minLookaheadMs = intervalMs * 1.25;
    const queue = scanned
      .map((row) => ({ row, marginMs: refreshLookahead(row, lookaheadMs, minLookaheadMs) }))
      .filter(({ row, marginMs }) => Date.parse(row.token_expires_at!) - marginMs <= Date.now());
    let refreshed = 0;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { row, marginMs } = next;
        try {
          await refresher.ensureFresh(row, { marginMs });
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
