import { defineProvider } from '@plugboard/core';
import { graphSigner } from '../appsecret-proof.js';
import { exchangeToken, metaTokenSet } from '../token-set.js';
import { facebookAccount, facebookMetadataSchema } from './account.js';
import { pageActions } from './actions.js';
import { FACEBOOK_DEFAULT_SCOPES, facebookOptions } from './options.js';

/** Facebook Login for a user's pages: long-lived user tokens, appsecret_proof on every call, page choice by action. */
export const facebookPages = defineProvider({
  id: 'facebook-pages',
  optionsSchema: facebookOptions,
  setup: (options, context) => {
    const graph = `${options.endpoints.graph}/${options.graphVersion}`;
    return {
      name: 'Facebook Pages',
      auth: {
        type: 'oauth2',
        authorizationUrl: `${options.endpoints.dialog}/${options.graphVersion}/dialog/oauth`,
        tokenUrl: `${graph}/oauth/access_token`,
        client: { clientId: options.appId, clientSecret: options.appSecret },
        scopes: { default: options.scopes ?? FACEBOOK_DEFAULT_SCOPES, separator: ',' },
        pkce: 'S256',
        clientAuth: 'post',
        parseTokenResponse: ({ body, status }) => metaTokenSet(context.id, status, body, 'exchange the code'),
        // The code gives a short-lived token (about 1-2 hours); its expiry makes the engine come here soon, and
        // again before each long-lived token's ~60 days run out. Meta has no refresh tokens.
        refresh: ({ credentials, client, fetch }) =>
          exchangeToken(
            context.id,
            fetch,
            `${graph}/oauth/access_token`,
            {
              grant_type: 'fb_exchange_token',
              client_id: client.clientId,
              client_secret: client.clientSecret ?? '',
              fb_exchange_token: credentials.accessToken,
            },
            'exchange for a long-lived token',
          ),
      },
      api: { baseUrl: graph, authorize: graphSigner(options.appSecret) },
      metadataSchema: facebookMetadataSchema,
      account: (accountContext) => facebookAccount(context.id, accountContext),
      actions: pageActions(context.id),
    };
  },
});
