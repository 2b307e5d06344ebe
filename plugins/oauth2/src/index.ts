import { defineProvider } from '@plugboard/core';
import { metadataSchema, resolveAccount } from './account.js';
import { type OAuth2Options, optionsSchema } from './options.js';

export type { OAuth2Metadata } from './account.js';
export { type OAuth2Options, optionsSchema, scopeDescriptionsSchema } from './options.js';

/** The generic OAuth2 / OpenID Connect provider: every endpoint and claim comes from its options. */
export default defineProvider({
  id: 'oauth2',
  optionsSchema,
  setup: (options) => {
    const baseUrl = options.apiBaseUrl ?? new URL(options.issuer ?? options.tokenUrl!).origin;
    return {
      name: options.name,
      logo: options.logo,
      auth: {
        type: 'oauth2',
        issuer: options.issuer,
        authorizationUrl: options.authorizationUrl,
        tokenUrl: options.tokenUrl,
        userinfoUrl: options.userinfoUrl,
        revocationUrl: options.revocationUrl,
        client: { clientId: options.clientId, clientSecret: options.clientSecret },
        scopes: {
          default: options.scopes,
          separator: options.scopeSeparator,
          descriptions: options.scopeDescriptions,
        },
        pkce: options.pkce,
        clientAuth: options.clientAuth,
        authorizationParams: options.authorizationParams,
        importUnsupported:
          options.accountFrom === 'tokenResponse'
            ? 'the account is read from the answer to the code exchange (accountFrom: tokenResponse), which imported tokens do not come with.'
            : undefined,
      },
      api: { baseUrl, allowedHosts: allowedHosts(baseUrl, options) },
      metadataSchema,
      account: (accountContext) => resolveAccount(options, accountContext),
    };
  },
});

/** The API's host, plus the issuer's and userinfo's so the account hook and the proxy may reach them. */
function allowedHosts(baseUrl: string, options: OAuth2Options): string[] {
  const urls = [baseUrl, options.issuer, options.userinfoUrl].filter((url) => url !== undefined);
  return [...new Set([...urls.map((url) => new URL(url).host), ...options.allowedHosts])];
}
