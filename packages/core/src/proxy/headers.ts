import { ValidationError } from '../errors.js';

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
// is recomputed; our control headers are ours. Client-address headers would let a caller pose as another
// address to a provider that trusts a CDN's; rewrite and method-override headers would let it reach another
// path or method than the one the hub checked.
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
  'true-client-ip',
  'cf-connecting-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-original-url',
  'x-rewrite-url',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);

// The provider's cookies (any spelling) and authentication challenges are about the provider's origin, not the
// hub's: a browser would store the cookies for the hub, and a challenge reads as the hub's own auth failing.
// Its CORS grants would open the hub's origin to other sites; its content-type and CSP policies are replaced by
// the hub's own (ANSWER_POLICY).
const NOT_RETURNED = new Set([
  ...HOP_BY_HOP,
  'set-cookie',
  'set-cookie2',
  'www-authenticate',
  'content-security-policy',
  'content-security-policy-report-only',
  'x-content-type-options',
]);
const NOT_RETURNED_PREFIXES = ['access-control-allow-', 'access-control-expose-'];

/**
 * Headers the hub adds to every proxied answer: a browser must not sniff a type the provider did not declare, and
 * whatever it renders (a provider's HTML error page) runs sandboxed, in an opaque origin without scripts, never
 * as the hub's origin.
 */
const ANSWER_POLICY = ['x-content-type-options', 'nosniff', 'content-security-policy', 'sandbox'];

/** Header values as Node gives them. */
export type RawHeaders = Record<string, string | string[] | undefined>;

// RFC 9110 section 5.5 field-value: visible ASCII, spaces, tabs and obs-text (Latin-1); no CR, LF, NUL, DEL or
// other controls, and no character beyond Latin-1 (the wire carries bytes).
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The caller's headers that may reach the provider, as a flat `[name, value, ...]` list (lower-case names):
 * everything but credentials, hop-by-hop, forwarding, client-address, rewrite and method-override headers.
 * A value that is no valid field value is the caller's mistake: 400 before anything is sent.
 */
export function requestHeadersToForward(headers: RawHeaders): string[] {
  const listed = connectionListed(headers.connection);
  const out: string[] = [];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || NOT_FORWARDED.has(name) || listed.has(name)) continue;
    if (name.startsWith('x-forwarded-') || name.startsWith('x-plugboard-')) continue;
    if (Array.isArray(value)) for (const item of value) out.push(name, fieldValue(name, item));
    else out.push(name, fieldValue(name, value));
  }
  return out;
}

function fieldValue(name: string, value: string): string {
  if (FIELD_VALUE.test(value)) return value;
  throw new ValidationError(`The value of header ${name} is not a valid HTTP field value.`, [
    { path: `headers.${name}`, message: 'has a control character, CR, LF or a character beyond Latin-1' },
  ]);
}

/**
 * The provider's headers that may reach the caller, as a flat `[name, value, ...]` list: no cookies, challenges,
 * CORS grants or hop-by-hop headers, and the hub's content-type and CSP policy in place of the provider's.
 */
export function responseHeadersToReturn(headers: RawHeaders): string[] {
  const listed = connectionListed(headers.connection);
  const out: string[] = [];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || NOT_RETURNED.has(name) || listed.has(name)) continue;
    if (NOT_RETURNED_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    if (Array.isArray(value)) for (const item of value) out.push(name, item);
    else out.push(name, value);
  }
  out.push(...ANSWER_POLICY);
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
