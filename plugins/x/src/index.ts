import { defineProvider } from '@plugboard/core';
import { metadataSchema, resolveAccount } from './account.js';
import { classifyXError } from './classify-error.js';
import { optionsSchema } from './options.js';
import { X_LOGO, X_SCOPE_DESCRIPTIONS } from './presentation.js';

export type { XMetadata } from './account.js';
export { optionsSchema, REQUIRED_SCOPES, type XOptions } from './options.js';

/** X (Twitter) OAuth 2.0: PKCE S256, Basic client auth, rotating refresh tokens via `offline.access`. */
export default defineProvider({
  id: 'x',
  optionsSchema,
  setup: (options) => ({
    name: 'X',
    logo: X_LOGO,
    auth: {
      type: 'oauth2',
      authorizationUrl: options.authorizationUrl,
      tokenUrl: options.tokenUrl,
      revocationUrl: options.revocationUrl,
      client: { clientId: options.clientId, clientSecret: options.clientSecret },
      scopes: { default: options.scopes, separator: ' ', descriptions: X_SCOPE_DESCRIPTIONS },
      pkce: 'S256',
      clientAuth: 'basic',
      classifyError: classifyXError,
    },
    api: { baseUrl: options.apiBaseUrl },
    metadataSchema,
    account: resolveAccount,
  }),
});
