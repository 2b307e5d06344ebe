import { defineProvider } from '@plugboard/core';
import type { z } from 'zod';
import { fetchGoogleUser } from './account.js';
import { IDENTITY_SCOPES } from './endpoints.js';
import { googleOptionsSchema } from './options.js';
import { GOOGLE_SCOPE_DESCRIPTIONS } from './presentation.js';
import type { baseMetadataSchema, GoogleProduct } from './product.js';

/**
 * Google's authorization parameters. `access_type=offline` asks for a refresh token; Google only issues one
 * at the first consent, so `prompt=consent` makes a reconnect get a fresh one too; `include_granted_scopes`
 * keeps what the user granted this app before.
 */
const AUTHORIZATION_PARAMS = { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' };

/** Builds the provider factory of one Google product: endpoints, client auth and the account are shared. */
export function googleProvider<M extends z.output<typeof baseMetadataSchema>>(product: GoogleProduct<M>) {
  return defineProvider({
    id: product.id,
    optionsSchema: googleOptionsSchema(product.apiBaseUrl),
    setup: (options, context) => {
      const dataApiUrl = options.dataApiUrl ?? product.dataApiUrl;
      const apiUrls = [options.apiBaseUrl, options.userinfoUrl, ...(dataApiUrl ? [dataApiUrl] : [])];
      return {
        name: product.name,
        logo: product.logo,
        auth: {
          type: 'oauth2',
          // ID tokens (with `openid`) are checked against this issuer and the client id by the engine.
          issuer: options.issuer,
          authorizationUrl: options.authorizationUrl,
          tokenUrl: options.tokenUrl,
          revocationUrl: options.revocationUrl,
          userinfoUrl: options.userinfoUrl,
          client: { clientId: options.clientId, clientSecret: options.clientSecret },
          scopes: {
            default: options.scopes ?? [...IDENTITY_SCOPES, ...product.scopes],
            separator: ' ',
            descriptions: GOOGLE_SCOPE_DESCRIPTIONS,
          },
          pkce: 'S256',
          clientAuth: 'post',
          authorizationParams: AUTHORIZATION_PARAMS,
        },
        api: {
          baseUrl: options.apiBaseUrl,
          allowedHosts: [...new Set(apiUrls.map((url) => new URL(url).host))],
        },
        metadataSchema: product.metadataSchema,
        account: async (accountContext) => {
          const user = await fetchGoogleUser(context.id, options.userinfoUrl, accountContext);
          const extra = await product.accountMetadata?.(accountContext);
          const metadata = { ...(user.email ? { email: user.email } : {}), ...extra } as M;
          return { id: user.sub, name: user.name ?? user.email, metadata };
        },
        actions: product.actions?.(context.id, { dataApiUrl }),
      };
    },
  });
}
