import type { Credentials, OutgoingRequest, Provider } from '../contract/types.js';
import { type Destination, destinationUrl, toDestination } from './target.js';

/** The Authorization header a connection's credentials give by default: Bearer, or Basic for basic auth. */
function defaultAuthorization(credentials: Credentials): string | undefined {
  if (credentials.type === 'oauth2') return `Bearer ${credentials.accessToken}`;
  if (credentials.type === 'api_key') return `Bearer ${credentials.apiKey}`;
  if (credentials.type === 'basic') {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }
  return undefined;
}

/** Adds the provider's default headers and signs the request, the plugin's way when it declares `api.authorize`. */
export async function signRequest(provider: Provider<unknown>, request: OutgoingRequest, credentials: Credentials) {
  for (const [name, value] of Object.entries(provider.api?.defaultHeaders ?? {})) request.headers.set(name, value);
  if (provider.api?.authorize) return provider.api.authorize(request, credentials);
  const authorization = defaultAuthorization(credentials);
  if (authorization) request.headers.set('authorization', authorization);
}

/**
 * Signs a proxied request and answers the headers to add (lower-case names) and the final destination. Providers
 * without their own signer or default headers skip the URL and WHATWG Headers objects a plugin's signer is given,
 * which are costly at a proxy's request rate.
 */
export function signOutgoing(
  provider: Provider<unknown>,
  method: string,
  to: Destination,
  credentials: Credentials,
): SignedRequest | Promise<SignedRequest> {
  if (!provider.api?.authorize && !provider.api?.defaultHeaders) {
    const authorization = defaultAuthorization(credentials);
    return { to, headers: authorization ? [['authorization', authorization]] : [] };
  }
  // A URL of its own: the plugin's signer may change it, and a retry must start from the caller's destination.
  const request: OutgoingRequest = { method, url: destinationUrl(to), headers: new Headers() };
  return Promise.resolve(signRequest(provider, request, credentials)).then(() => ({
    to: toDestination(request.url),
    headers: [...request.headers],
  }));
}

/** A signed request: the final destination and the headers the signer set. */
export interface SignedRequest {
  to: Destination;
  headers: Array<[string, string]>;
}
