/** How many failed authentications a client address or a key id may make before it must wait. */
export interface AuthThrottleOptions {
  /** Failures allowed at once. Default 30. */
  burst?: number | undefined;
  /** Failures allowed per minute after the burst. Default 30. */
  perMinute?: number | undefined;
}

// Buckets are forgotten oldest first past this many, so a flood of addresses cannot grow memory without bound.
const MAX_BUCKETS = 50_000;

/**
 * Token buckets of failed authentications, keyed by client address and by key id. Only failures take a token;
 * an empty bucket refuses every attempt (the right key too) until it refills, so guessing is slowed for
 * everyone who guesses and nobody else.
 */
export function createAuthThrottle(options: AuthThrottleOptions = {}) {
  const burst = options.burst ?? 30;
  const perMs = (options.perMinute ?? 30) / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (key: string, now: number) => {
    const bucket = buckets.get(key);
    return bucket ? Math.min(burst, bucket.tokens + (now - bucket.at) * perMs) : burst;
  };
  return {
    /**
     * True while no failure is on record, so nobody has to wait (the proxy's hot path asks this first). Buckets that
     * have refilled are forgotten here, oldest first, so a hub soon returns to quiet after a burst of failures.
     */
    quiet(): boolean {
      if (buckets.size === 0) return true;
      const now = Date.now();
      for (const key of buckets.keys()) {
        if (level(key, now) < burst) break;
        buckets.delete(key);
      }
      return buckets.size === 0;
    },
    /** Seconds until every one of `keys` may try again; 0 when they may now. */
    retryAfterSeconds(keys: string[]): number {
      const now = Date.now();
      let waitMs = 0;
      for (const key of keys) {
        const tokens = level(key, now);
        if (tokens < 1) waitMs = Math.max(waitMs, (1 - tokens) / perMs);
      }
      return Math.ceil(waitMs / 1000);
    },
    /** Records one failure against each of `keys`. */
    fail(keys: string[]): void {
      const now = Date.now();
      for (const key of keys) {
        const tokens = level(key, now) - 1;
        buckets.delete(key);
        buckets.set(key, { tokens, at: now });
      }
      while (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value!);
    },
  };
}
