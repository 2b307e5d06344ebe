import * as oauth from 'oauth4webapi';
import type { OAuth2Auth, Provider } from '../contract/types.js';
import { ProviderError } from '../errors.js';
import { insecureAllowed } from './transport.js';

/** A provider's authorization server, from its declared endpoints or its issuer's discovery document. */
export type ResolvedServer = oauth.AuthorizationServer & { authorization_endpoint: string; token_endpoint: string };

const discovered = new WeakMap<OAuth2Auth, Promise<ResolvedServer>>();

/** Resolves the authorization server of an OAuth2 provider, discovering (once, cached) when endpoints are omitted. */
export function resolveServer(
  provider: Provider<any>,
  auth: OAuth2Auth,
  fetchImpl: typeof globalThis.fetch,
): Promise<ResolvedServer> {
  if (auth.authorizationUrl && auth.tokenUrl) {
    return Promise.resolve({
      issuer: auth.issuer ?? new URL(auth.authorizationUrl).origin,
      authorization_endpoint: auth.authorizationUrl,
      token_endpoint: auth.tokenUrl,
      ...(auth.revocationUrl ? { revocation_endpoint: auth.revocationUrl } : {}),
      ...(auth.userinfoUrl ? { userinfo_endpoint: auth.userinfoUrl } : {}),
    });
  }
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
    pending = discover(provider.id, auth, auth.issuer, fetchImpl);
    // A failed discovery is retried on the next call rather than cached forever.
    pending.catch(() => discovered.delete(auth));
    discovered.set(auth, pending);
  }
  return pending;
}

async function discover(
  providerId: string,
  auth: OAuth2Auth,
  issuer: string,
  fetchImpl: typeof globalThis.fetch,
): Promise<ResolvedServer> {
  const issuerUrl = new URL(issuer);
  try {
    const response = await oauth.discoveryRequest(issuerUrl, {
      algorithm: 'oidc',
      [oauth.customFetch]: fetchImpl,
      [oauth.allowInsecureRequests]: insecureAllowed(issuerUrl),
    });
    const server = await oauth.processDiscoveryResponse(issuerUrl, response);
    if (!server.authorization_endpoint || !server.token_endpoint) {
      throw new Error('the discovery document lacks authorization_endpoint or token_endpoint');
    }
    return {
      ...server,
      authorization_endpoint: auth.authorizationUrl ?? server.authorization_endpoint,
      token_endpoint: auth.tokenUrl ?? server.token_endpoint,
      ...(auth.revocationUrl ? { revocation_endpoint: auth.revocationUrl } : {}),
      ...(auth.userinfoUrl ? { userinfo_endpoint: auth.userinfoUrl } : {}),
    };
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
