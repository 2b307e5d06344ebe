import { PlugboardError } from '../errors.js';

/** A per-connection rate limit: requests per second with a burst; callers over it wait in line. */
export interface RateLimitOptions {
  perSecond: number;
  burst?: number;
  /** How long a request may wait for its turn before it is refused with rate_limited. Default 10 s. */
  maxWaitMs?: number;
}

/**
 * Token buckets keyed by connection. Over the limit a request is queued (its turn is reserved) rather than
 * refused, unless its turn is further away than `maxWaitMs`.
 */
export function createRateLimiter(options: RateLimitOptions) {
  const burst = options.burst ?? Math.max(1, Math.ceil(options.perSecond));
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const intervalMs = 1000 / options.perSecond;
  // When each connection's next request may go, once the burst is spent.
  const nextSlot = new Map<string, number>();

  return {
    /** Waits for this key's turn; true when it had to wait (the call was throttled). */
    async take(key: string): Promise<boolean> {
      const now = Date.now();
      // A full bucket means `burst` requests may go at once: the slot can lag `burst` intervals behind now.
      const slot = Math.max(nextSlot.get(key) ?? 0, now - (burst - 1) * intervalMs);
      const wait = slot - now;
      if (wait > maxWaitMs) {
        throw new PlugboardError('rate_limited', 'Too many requests for this connection; try again shortly.');
      }
      nextSlot.set(key, slot + intervalMs);
      if (wait <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, wait));
      return true;
    },
  };
}
