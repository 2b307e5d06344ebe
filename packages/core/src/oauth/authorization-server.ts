import * as oauth from 'oauth4webapi';
import type { EndpointContext, OAuth2Auth, Provider } from '../contract/types.js';
import { ProviderError } from '../errors.js';
import { insecureAllowed } from './transport.js';

/** A provider's authorization server, from its declared endpoints or its issuer's discovery document. */
export type ResolvedServer = oauth.AuthorizationServer & { authorization_endpoint: string; token_endpoint: string };

const discovered = new WeakMap<OAuth2Auth, Promise<oauth.AuthorizationServer>>();

/**
 * Resolves the authorization server of an OAuth2 provider for one connection: declared endpoints, or the
 * issuer's discovery document (fetched once, cached); token and revocation URLs a plugin computes per
 * connection (a data centre) are computed from `context`.
 */
export async function resolveServer(
  provider: Provider<unknown>,
  auth: OAuth2Auth,
  fetchImpl: typeof globalThis.fetch,
  context: EndpointContext = { metadata: {} },
): Promise<ResolvedServer> {
  const base =
    auth.authorizationUrl && auth.tokenUrl ? declared(auth) : await discoveredServer(provider, auth, fetchImpl);
  const pick = (value: OAuth2Auth['tokenUrl'], fallback: string | undefined) =>
    typeof value === 'function' ? value(context) : (value ?? fallback);
  const authorizationEndpoint = auth.authorizationUrl ?? base.authorization_endpoint;
  const tokenEndpoint = pick(auth.tokenUrl, base.token_endpoint);
  const revocationEndpoint = pick(auth.revocationUrl, base.revocation_endpoint);
  if (!authorizationEndpoint || !tokenEndpoint) {
    throw new ProviderError(
      'provider_error',
      provider.id,
      `Provider "${provider.id}" has no authorization or token endpoint.`,
    );
  }
  return {
    ...base,
    authorization_endpoint: authorizationEndpoint,
    token_endpoint: tokenEndpoint,
    ...(revocationEndpoint ? { revocation_endpoint: revocationEndpoint } : {}),
    ...(auth.userinfoUrl ? { userinfo_endpoint: auth.userinfoUrl } : {}),
  };
}

function declared(auth: OAuth2Auth): oauth.AuthorizationServer {
  return { issuer: auth.issuer ?? new URL(auth.authorizationUrl!).origin };
}

function discoveredServer(
  provider: Provider<unknown>,
  auth: OAuth2Auth,
  fetchImpl: typeof globalThis.fetch,
): Promise<oauth.AuthorizationServer> {
  if (!auth.issuer) {
    return Promise.reject(
      new ProviderError(
        'provider_error',
        provider.id,
        `Provider "${provider.id}" declares neither endpoints nor an issuer.`,
      ),
    );
  }
  let pending = discovered.get(auth);
  if (!pending) {
    pending = discover(provider.id, auth.issuer, fetchImpl);
    // A failed discovery is retried on the next call rather than cached forever.
    pending.catch(() => discovered.delete(auth));
    discovered.set(auth, pending);
  }
  return pending;
}

async function discover(providerId: string, issuer: string, fetchImpl: typeof globalThis.fetch) {
  const issuerUrl = new URL(issuer);
  try {
    const response = await oauth.discoveryRequest(issuerUrl, {
      algorithm: 'oidc',
      [oauth.customFetch]: fetchImpl,
      [oauth.allowInsecureRequests]: insecureAllowed(issuerUrl),
    });
    return await oauth.processDiscoveryResponse(issuerUrl, response);
  } catch (cause) {
    throw new ProviderError(
      'provider_error',
      providerId,
      `Discovery at ${issuer} failed: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}
