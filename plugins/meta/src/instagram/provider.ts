import { defineProvider } from '@plugboard/core';
import { classifyMetaError } from '../graph-errors.js';
import { INSTAGRAM_LOGO, META_SCOPE_DESCRIPTIONS } from '../presentation.js';
import { instagramAccount, instagramMetadataSchema } from './account.js';
import { INSTAGRAM_DEFAULT_SCOPES, instagramOptions } from './options.js';
import { parseInstagramCodeResponse, refreshInstagramToken } from './tokens.js';

/** Instagram API with Instagram Login: a professional account, long-lived tokens refreshed on Instagram's own endpoint. */
export const instagram = defineProvider({
  id: 'instagram',
  optionsSchema: instagramOptions,
  setup: (options) => ({
    name: 'Instagram',
    logo: INSTAGRAM_LOGO,
    auth: {
      type: 'oauth2',
      authorizationUrl: `${options.endpoints.authorize}/oauth/authorize`,
      tokenUrl: `${options.endpoints.token}/oauth/access_token`,
      client: { clientId: options.appId, clientSecret: options.appSecret },
      scopes: {
        default: options.scopes ?? INSTAGRAM_DEFAULT_SCOPES,
        separator: ',',
        descriptions: META_SCOPE_DESCRIPTIONS,
      },
      // Instagram's authorization window takes no code_challenge.
      pkce: 'none',
      clientAuth: 'post',
      parseTokenResponse: parseInstagramCodeResponse,
      classifyError: classifyMetaError,
      refresh: refreshInstagramToken(options.endpoints.graph),
      // Instagram API with Instagram Login documents no way to revoke a grant (the person removes the app in
      // Instagram's settings): deleting a connection only forgets its token.
      revoke: 'none',
    },
    api: { baseUrl: `${options.endpoints.graph}/${options.graphVersion}` },
    metadataSchema: instagramMetadataSchema,
    account: instagramAccount,
  }),
});
