import type { Credentials, OutgoingRequest, Provider, ProviderFetch } from '../contract/types.js';
import { ValidationError } from '../errors.js';

const REQUEST_TIMEOUT_MS = 30_000;

/** The provider's API base URL for a connection (fixed, or computed from its validated metadata). */
export function apiBaseUrl(provider: Provider<any>, metadata: Record<string, unknown>): URL | undefined {
  const base = provider.api?.baseUrl;
  if (base === undefined) return undefined;
  return new URL(typeof base === 'string' ? base : base({ metadata }));
}

/** Hosts a connection's requests may reach: the declared ones, else the base URL's. */
export function allowedHosts(provider: Provider<any>, base: URL | undefined): Set<string> {
  const hosts = new Set(provider.api?.allowedHosts ?? []);
  if (base) hosts.add(base.host);
  return hosts;
}

// A path we join to the base URL ourselves; anything that could leave the base is refused.
const UNSAFE_PATH = /(^|[\\/])\.\.?([\\/]|$)|%2e|%2f|%5c|\\|[\r\n\t]|@|^\/\/|^[a-z][a-z0-9+.-]*:/i;

/** Resolves a path on the base URL, or an absolute URL on a declared host; refuses everything else. */
export function resolveTarget(target: string, base: URL | undefined, hosts: Set<string>): URL {
  if (/^https?:\/\//i.test(target)) {
    const url = new URL(target);
    if (!hosts.has(url.host) || url.username || url.password) {
      throw new ValidationError(`The URL's host is not one the provider declared.`);
    }
    return url;
  }
  if (!base) throw new ValidationError('This provider declares no API base URL; use an absolute URL.');
  const [path = '', query] = splitOnce(target, '?');
  if (UNSAFE_PATH.test(path)) throw new ValidationError('The path may not leave the provider API base URL.');
  const url = new URL(base);
  url.pathname = `${base.pathname.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  url.search = query === undefined ? '' : `?${query}`;
  return url;
}

/** Signs a request the default way, unless the plugin's `api.authorize` does it its own way. */
export async function signRequest(provider: Provider<any>, request: OutgoingRequest, credentials: Credentials) {
  for (const [name, value] of Object.entries(provider.api?.defaultHeaders ?? {})) request.headers.set(name, value);
  if (provider.api?.authorize) return provider.api.authorize(request, credentials);
  if (credentials.type === 'oauth2') request.headers.set('authorization', `Bearer ${credentials.accessToken}`);
  else if (credentials.type === 'api_key') request.headers.set('authorization', `Bearer ${credentials.apiKey}`);
  else if (credentials.type === 'basic') {
    const encoded = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    request.headers.set('authorization', `Basic ${encoded}`);
  }
}

/** A fetch bound to one connection's credentials, for plugin hooks (account, verify, actions). */
export function createProviderFetch(
  provider: Provider<any>,
  credentials: Credentials,
  metadata: Record<string, unknown>,
  fetchImpl: typeof globalThis.fetch,
  extraHosts: string[] = [],
): ProviderFetch {
  const base = apiBaseUrl(provider, metadata);
  const hosts = allowedHosts(provider, base);
  for (const host of extraHosts) hosts.add(host);
  return async (target, init = {}) => {
    const url = resolveTarget(target, base, hosts);
    const request: OutgoingRequest = { method: init.method ?? 'GET', url, headers: new Headers(init.headers) };
    await signRequest(provider, request, credentials);
    if (!hosts.has(request.url.host)) throw new ValidationError(`The URL's host is not one the provider declared.`);
    return fetchImpl(request.url, {
      ...init,
      method: request.method,
      headers: request.headers,
      // Credentials never follow a redirect: the hook sees the 3xx and decides.
      redirect: 'manual',
      signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  };
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const index = value.indexOf(separator);
  return index === -1 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}
