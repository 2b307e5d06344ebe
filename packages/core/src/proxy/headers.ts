/** Connection-level headers: they belong to one hop and are never passed on (RFC 9110 section 7.6.1). */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

// The caller's own credentials and where it came from are none of the provider's business; the body's length
// is recomputed; our control headers are ours.
const NOT_FORWARDED = new Set([
  ...HOP_BY_HOP,
  'authorization',
  'cookie',
  'host',
  'content-length',
  'expect',
  'forwarded',
  'x-real-ip',
  'via',
]);

/** Header values as Node gives them. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/**
 * The caller's headers that may reach the provider, as a flat `[name, value, ...]` list (lower-case names):
 * everything but credentials, hop-by-hop and forwarding headers.
 */
export function requestHeadersToForward(headers: RawHeaders): string[] {
  const listed = connectionListed(headers.connection);
  const out: string[] = [];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || NOT_FORWARDED.has(name) || listed.has(name)) continue;
    if (name.startsWith('x-forwarded-') || name.startsWith('x-plugboard-')) continue;
    if (Array.isArray(value)) for (const item of value) out.push(name, item);
    else out.push(name, value);
  }
  return out;
}

/** The provider's headers that may reach the caller, as a flat `[name, value, ...]` list: no cookies, nothing hop-by-hop. */
export function responseHeadersToReturn(headers: RawHeaders): string[] {
  const listed = connectionListed(headers.connection);
  const out: string[] = [];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name) || name === 'set-cookie') continue;
    if (Array.isArray(value)) for (const item of value) out.push(name, item);
    else out.push(name, value);
  }
  return out;
}

// Headers named in `Connection` are hop-by-hop too.
const NONE = new Set<string>();

function connectionListed(value: string | string[] | undefined): Set<string> {
  if (value === undefined || value === 'keep-alive' || value === 'close') return NONE;
  const items = Array.isArray(value) ? value.join(',') : value;
  return new Set(
    items
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  );
}
