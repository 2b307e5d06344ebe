import type { Provider } from '../contract/types.js';
import { ValidationError } from '../errors.js';
import { insecureAllowed } from '../oauth/transport.js';

/** The provider's API base URL for a connection (fixed, or computed from its validated metadata). */
export function apiBaseUrl(provider: Provider<unknown>, metadata: Record<string, unknown>): URL | undefined {
  const base = provider.api?.baseUrl;
  if (base === undefined) return undefined;
  return new URL(typeof base === 'string' ? base : base({ metadata }));
}

/** Hosts a connection's requests may reach: the declared ones, else the base URL's. */
export function allowedHosts(provider: Provider<unknown>, base: URL | undefined): Set<string> {
  const hosts = new Set(provider.api?.allowedHosts ?? []);
  if (base) hosts.add(base.host);
  return hosts;
}

// Anything that could make a path leave the base URL once a server (or a URL parser) decodes it: dot segments
// (also with `;params`, Tomcat-style), slashes and backslashes in any encoding, an encoded percent sign (it only
// serves double encoding), encoded controls, `@` raw or encoded, a leading `//`, a scheme.
const UNSAFE_PATH =
  /(^|[\\/])\.\.?(;[^\\/]*)?([\\/]|$)|%2e|%2f|%5c|%25|%40|%[01][0-9a-f]|%7f|\\|@|^\/\/|^[a-z][a-z0-9+.-]*:/i;
// Every C0 control character and DEL: CR/LF would split a request line or a header.
const CONTROL = /[\u0000-\u001f\u007f]/;

function refuse(message: string): never {
  throw new ValidationError(message, [{ path: 'url', message }]);
}

/**
 * Resolves what a caller asked for: a path joined to the base URL by our own code (never `new URL(input, base)`),
 * or an absolute URL on one of the provider's declared hosts. Everything else is refused before any request.
 */
export function resolveTarget(target: string, base: URL | undefined, hosts: Set<string>): URL {
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
    return url;
  }
  if (!base) refuse('This provider declares no API base URL; use an absolute URL.');
  const [path = '', query] = splitOnce(target, '?');
  if (UNSAFE_PATH.test(path)) refuse('The path may not leave the provider API base URL.');
  const basePath = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  // Joined as text, parsed once: the checks above left nothing in `path` a parser could read as a new origin.
  const url = new URL(
    `${base.origin}${basePath}/${path.startsWith('/') ? path.slice(1) : path}${query === undefined ? '' : `?${query}`}`,
  );
  // Belt and braces: whatever the parser made of it, it must still be under the base, on the base's host.
  if (url.host !== base.host || !url.pathname.startsWith(basePath)) {
    refuse('The path may not leave the provider API base URL.');
  }
  return url;
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const index = value.indexOf(separator);
  return index === -1 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}
