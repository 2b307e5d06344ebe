import { defineProvider } from '@plugboard/core';
import { graphSigner } from '../appsecret-proof.js';
import { classifyMetaError } from '../graph-errors.js';
import { FACEBOOK_LOGO, META_SCOPE_DESCRIPTIONS } from '../presentation.js';
import { metaTokenSet } from '../token-set.js';
import { facebookAccount, facebookMetadataSchema } from './account.js';
import { pageActions } from './actions.js';
import { FACEBOOK_DEFAULT_SCOPES, facebookOptions } from './options.js';
import { exchangeForLongLived, longLivedAfterExchange, revokePermissions } from './tokens.js';

/** Facebook Login for a user's pages: long-lived user tokens, appsecret_proof on every call, page choice by action. */
export const facebookPages = defineProvider({
  id: 'facebook-pages',
  optionsSchema: facebookOptions,
  setup: (options) => {
    const graph = `${options.endpoints.graph}/${options.graphVersion}`;
    const scopes = options.scopes ?? FACEBOOK_DEFAULT_SCOPES;
    return {
      name: 'Facebook Pages',
      logo: FACEBOOK_LOGO,
      auth: {
        type: 'oauth2',
        authorizationUrl: `${options.endpoints.dialog}/${options.graphVersion}/dialog/oauth`,
        tokenUrl: `${graph}/oauth/access_token`,
        client: { clientId: options.appId, clientSecret: options.appSecret },
        scopes: { default: scopes, separator: ',', descriptions: META_SCOPE_DESCRIPTIONS },
        pkce: 'S256',
        clientAuth: 'post',
        parseTokenResponse: ({ body, status }) => metaTokenSet(status, body, 'exchange the code'),
        classifyError: classifyMetaError,
        // The code gives a short-lived token (about 1-2 hours): swapped for a long-lived one (~60 days) before the
        // account step, so the page tokens captured there are long-lived too.
        afterExchange: longLivedAfterExchange(graph),
        // Meta has no refresh tokens: before the long-lived token's ~60 days run out, exchange it again.
        refresh: ({ credentials, client, fetch }) =>
          exchangeForLongLived(graph, fetch, client, credentials.accessToken),
        // Not RFC 7009: DELETE /me/permissions de-authorizes the app for the user.
        revoke: revokePermissions,
      },
      api: { baseUrl: graph, authorize: graphSigner(options.appSecret) },
      metadataSchema: facebookMetadataSchema,
      account: facebookAccount(scopes),
      actions: pageActions(),
    };
  },
});
