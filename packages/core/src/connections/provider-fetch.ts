import { PROVIDER_FETCH_INFO, type ProviderFetchInfo } from '../contract/provider-json.js';
import type { Credentials, OutgoingRequest, Provider, ProviderFetch } from '../contract/types.js';
import { ValidationError } from '../errors.js';
import { signRequest } from '../proxy/sign.js';
import { allowedHosts, apiBaseUrl, destinationUrl, resolveTarget } from '../proxy/target.js';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A fetch for plugin hooks, limited to the provider's declared hosts: signed with one connection's credentials
 * (account, verify, actions), or plain (`sign: false`) for hooks that authenticate themselves (refresh, revoke).
 */
export function createProviderFetch(
  provider: Provider<unknown>,
  credentials: Credentials,
  metadata: Record<string, unknown>,
  fetchImpl: typeof globalThis.fetch,
  extraHosts: string[] = [],
  options: { sign?: boolean } = {},
): ProviderFetch {
  const base = apiBaseUrl(provider, metadata);
  const hosts = allowedHosts(provider, base);
  for (const host of extraHosts) hosts.add(host);
  const fetch: ProviderFetch = async (target, init = {}) => {
    const url = destinationUrl(resolveTarget(target, base, hosts));
    const request: OutgoingRequest = { method: init.method ?? 'GET', url, headers: new Headers(init.headers) };
    if (options.sign !== false) await signRequest(provider, request, credentials);
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
  // readProviderJson finds whose fetch this is, and the plugin's error classifier, here.
  const info: ProviderFetchInfo = {
    providerId: provider.id,
    name: provider.name,
    classifyError: provider.auth.classifyError,
  };
  return Object.assign(fetch, { [PROVIDER_FETCH_INFO]: info });
}
