import type { OidcServer } from '@plugboard/testing/oidc';
import factory from '../../src/index.js';

/** The authorization server's discovery document. */
export async function discoveryOf(server: OidcServer): Promise<Record<string, string>> {
  return (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
}

/**
 * Two instances against one oidc-provider: `acme` by issuer discovery, and `acme-plain`, plain OAuth2 with
 * explicit endpoints, no openid scope, and the account from an API endpoint.
 */
export function oidcProviders(server: OidcServer, discovery: Record<string, string>, publicUrl: string) {
  const client = { clientId: server.clientId, clientSecret: server.clientSecret };
  return [
    factory({ issuer: server.issuer, ...client }, { id: 'acme', publicUrl }),
    factory(
      {
        authorizationUrl: discovery.authorization_endpoint,
        tokenUrl: discovery.token_endpoint,
        userinfoUrl: server.apiMeUrl,
        scopes: ['profile', 'email'],
        ...client,
      },
      { id: 'acme-plain', publicUrl },
    ),
  ];
}
