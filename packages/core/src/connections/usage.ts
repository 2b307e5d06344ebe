import type { EngineContext } from '../context.js';

// Proxied calls can come by the thousand a second: a connection's lastUsedAt is written at most this often.
const WRITE_EVERY_MS = 60_000;
const MAX_TRACKED = 10_000;

/** Records when connections are used, writing each one's `last_used_at` at most once a minute (per process). */
export function createUsageRecorder(ctx: EngineContext) {
  const written = new Map<string, number>();
  return {
    /** Marks a use; a database failure is logged, never the caller's failure. */
    async touch(id: string): Promise<void> {
      const now = Date.now();
      const last = written.get(id);
      if (last !== undefined && now - last < WRITE_EVERY_MS) return;
      if (written.size >= MAX_TRACKED) written.clear();
      written.set(id, now);
      await ctx.db
        .updateTable('connections')
        .set({ last_used_at: new Date(now).toISOString() })
        .where('id', '=', id)
        .execute()
        .catch((error: unknown) => ctx.logger.warn({ err: error, connectionId: id }, 'could not record a use'));
    },
  };
}
