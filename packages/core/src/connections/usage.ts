import type { EngineContext } from '../context.js';

// Proxied calls can come by the thousand a second: a connection's lastUsedAt is written at most this often.
const WRITE_EVERY_MS = 60_000;
const MAX_TRACKED = 10_000;

/** Records when connections are used, writing each one's `last_used_at` at most once a minute (per process). */
export function createUsageRecorder(ctx: EngineContext) {
  const written = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  return {
    /**
     * Marks a use. The write is not waited for: a slow or locked database must not hold up the call that used
     * the connection, and a failure is logged, never the caller's.
     */
    touch(id: string): void {
      const now = Date.now();
      const last = written.get(id);
      if (last !== undefined && now - last < WRITE_EVERY_MS) return;
      if (written.size >= MAX_TRACKED) written.clear();
      written.set(id, now);
      const write = ctx.db
        .updateTable('connections')
        .set({ last_used_at: new Date(now).toISOString() })
        .where('id', '=', id)
        .execute()
        .then(
          () => undefined,
          (error: unknown) => ctx.logger.warn({ err: error, connectionId: id }, 'could not record a use'),
        )
        .finally(() => pending.delete(write));
      pending.add(write);
    },
    /** Settles once the writes under way have (for shutdown, before the database closes). */
    async settled(): Promise<void> {
      await Promise.all(pending);
    },
  };
}
