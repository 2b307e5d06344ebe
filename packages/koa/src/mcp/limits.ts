/** Limits of the MCP endpoint. */
export interface McpOptions {
  /** Tool calls one MCP token (or one key acting for one owner) may make per minute. Default 60. */
  callsPerMinute?: number | undefined;
  /** Largest tool result, in bytes of text; longer ones are cut with a note. Default 64 KiB. */
  maxOutputBytes?: number | undefined;
}

/** Defaults of `McpOptions`. */
export const MCP_DEFAULTS = { callsPerMinute: 60, maxOutputBytes: 64 * 1024 } as const;

const MAX_TRACKED = 10_000;

/**
 * A token bucket per agent identity: `perMinute` calls, refilled continuously. Answers how many seconds to wait
 * when the bucket is empty, or 0 when the call may go ahead (and takes one token).
 */
export function createCallLimiter(perMinute: number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (identity: string): number => {
    const now = Date.now();
    const bucket = buckets.get(identity) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
    bucket.at = now;
    // Forget idle identities first when the map is full; a forgotten one starts again with a full bucket.
    if (!buckets.has(identity) && buckets.size >= MAX_TRACKED) buckets.clear();
    buckets.set(identity, bucket);
    if (bucket.tokens < 1) return Math.ceil(((1 - bucket.tokens) / perMinute) * 60);
    bucket.tokens -= 1;
    return 0;
  };
}

/** Cuts a text to at most `maxBytes` bytes of UTF-8 (never inside a character); says whether it had to. */
export function capText(text: string, maxBytes: number): { text: string; truncated: boolean; bytes: number } {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  // toString drops a character cut in half as a replacement character: trim it off.
  const cut = Buffer.from(text)
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return { text: cut, truncated: true, bytes };
}
