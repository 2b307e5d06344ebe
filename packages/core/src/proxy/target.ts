import type { Provider } from '../contract/types.js';
import { ValidationError } from '../errors.js';
import { insecureAllowed } from '../oauth/transport.js';

/** Where a request goes: a checked origin and host, and the request target (path and query) as sent on the wire. */
export interface Destination {
  origin: string;
  host: string;
  /** The path and query, e.g. `/v2/users/me?x=1`. */
  path: string;
}

/**
 * A provider API's base URL, taken apart once per connection (the proxy joins paths to it on every call): its
 * path has no trailing slash (`/v2`, or empty) and no query.
 */
export type ApiBase = Destination;

/** The provider's API base URL for a connection (fixed, or computed from its validated metadata). */
export function apiBaseUrl(provider: Provider<unknown>, metadata: Record<string, unknown>): ApiBase | undefined {
  const base = provider.api?.baseUrl;
  if (base === undefined) return undefined;
  const url = new URL(typeof base === 'string' ? base : base({ metadata }));
  return { origin: url.origin, host: url.host, path: url.pathname.replace(/\/$/, '') };
}

/** Hosts a connection's requests may reach: the declared ones, else the base URL's. */
export function allowedHosts(provider: Provider<unknown>, base: ApiBase | undefined): Set<string> {
  const hosts = new Set(provider.api?.allowedHosts ?? []);
  if (base) hosts.add(base.host);
  return hosts;
}

/** The destination as a URL, for code that takes one (a plugin's signer, fetch). */
export function destinationUrl(to: Destination): URL {
  return new URL(`${to.origin}${to.path}`);
}

/** A URL as a destination. */
export function toDestination(url: URL): Destination {
  return { origin: url.origin, host: url.host, path: `${url.pathname}${url.search}` };
}

// Anything that could make a path leave the base URL once a server (or a URL parser) decodes it: dot segments
// (also with `;params`, Tomcat-style), slashes and backslashes in any encoding, an encoded percent sign (it only
// serves double encoding), encoded controls, `@` raw or encoded, a leading `//`, a scheme.
const UNSAFE_PATH =
  /(^|[\\/])\.\.?(;[^\\/]*)?([\\/]|$)|%2e|%2f|%5c|%25|%40|%[01][0-9a-f]|%7f|\\|@|^\/\/|^[a-z][a-z0-9+.-]*:/i;
// Every C0 control character and DEL: CR/LF would split a request line or a header.
const CONTROL = /[\u0000-\u001f\u007f]/;
// A path and query made only of RFC 3986 unreserved characters, sub-delimiters, `:`, `@`, `/`, `?` and `%`
// (the query without `'`): the WHATWG URL parser keeps those as they are, so once UNSAFE_PATH has refused dot
// segments, parsing such a target changes nothing and it is joined as text. Anything else (spaces, quotes,
// non-ASCII, `#`) goes through the parser.
const VERBATIM_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const VERBATIM_QUERY = /^[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*$/;

function refuse(message: string): never {
  throw new ValidationError(message, [{ path: 'url', message }]);
}

/**
 * Resolves what a caller asked for: a path joined to the base URL by our own code (never `new URL(input, base)`),
 * or an absolute URL on one of the provider's declared hosts. Everything else is refused before any request.
 */
export function resolveTarget(target: string, base: ApiBase | undefined, hosts: Set<string>): Destination {
  if (CONTROL.test(target)) refuse('The URL may not contain control characters.');
  if (/^https?:\/\//i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      refuse('The URL is not valid.');
    }
    if (!hosts.has(url.host)) refuse("The URL's host is not one the provider declared.");
    if (url.username || url.password) refuse('The URL may not carry credentials.');
    if (url.protocol === 'http:' && !insecureAllowed(url)) refuse('The URL must use https.');
    return toDestination(url);
  }
  if (!base) refuse('This provider declares no API base URL; use an absolute URL.');
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  if (UNSAFE_PATH.test(path)) refuse('The path may not leave the provider API base URL.');
  const joined = `${base.path}/${path.startsWith('/') ? path.slice(1) : path}`;
  const query = queryAt === -1 ? '' : target.slice(queryAt);
  if (VERBATIM_PATH.test(path) && VERBATIM_QUERY.test(query.slice(1))) {
    // A lone `?` is no query, as the parser reads it.
    return { origin: base.origin, host: base.host, path: `${joined}${query === '?' ? '' : query}` };
  }
  // Joined as text, parsed once: the checks above left nothing in `path` a parser could read as a new origin.
  const url = new URL(`${base.origin}${joined}${query}`);
  // Belt and braces: whatever the parser made of it, it must still be under the base, on the base's host.
  if (url.host !== base.host || !url.pathname.startsWith(base.path)) {
    refuse('The path may not leave the provider API base URL.');
  }
  return toDestination(url);
}
