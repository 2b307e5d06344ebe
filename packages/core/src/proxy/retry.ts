/** Statuses worth another try: the provider is overloaded or a gateway in front of it failed. */
export const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Methods that may be repeated without the caller's say-so (RFC 9110 section 9.2.2). */
export const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * How long to wait before attempt `attempt + 1`: the provider's `Retry-After` (seconds or an HTTP date) when it
 * gives one, else exponential backoff with jitter; never longer than `capMs`.
 */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, capMs: number, now = Date.now()): number {
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), capMs);
  }
  return Math.min(100 * 2 ** attempt * (0.5 + Math.random()), capMs);
}
