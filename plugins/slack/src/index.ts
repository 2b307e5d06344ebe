import { defineProvider } from '@plugboard/core';
import { metadataSchema, resolveAccount } from './account.js';
import { slackActions } from './actions.js';
import { optionsSchema } from './options.js';
import { SLACK_LOGO, SLACK_SCOPE_DESCRIPTIONS } from './presentation.js';
import { revokeSlackTokens } from './revoke.js';
import { classifySlackError } from './slack-errors.js';
import { parseSlackTokenResponse } from './token-response.js';

export type { SlackMetadata } from './account.js';
export { optionsSchema, type SlackOptions } from './options.js';

/** Slack (OAuth v2): bot and user tokens, comma-separated scopes, `ok: false` errors, optional token rotation. */
export default defineProvider({
  id: 'slack',
  optionsSchema,
  setup: (options) => ({
    name: 'Slack',
    logo: SLACK_LOGO,
    auth: {
      type: 'oauth2',
      authorizationUrl: options.authorizationUrl,
      tokenUrl: options.tokenUrl,
      client: { clientId: options.clientId, clientSecret: options.clientSecret },
      scopes: { default: options.scopes, separator: ',', descriptions: SLACK_SCOPE_DESCRIPTIONS },
      // Turning PKCE on at Slack makes the app a public client for good; a server-side hub keeps its secret.
      pkce: 'none',
      clientAuth: options.clientAuth,
      authorizationParams: userScopeParam(options.userScopes),
      parseTokenResponse: parseSlackTokenResponse,
      classifyError: classifySlackError,
      // No RFC 7009 endpoint: auth.revoke authenticates with the token it revokes and fails with 200 + ok:false.
      revoke: revokeSlackTokens,
      importUnsupported:
        'Slack names the installing user, half of the account id, only in the oauth.v2.access answer; auth.test with an imported bot token names the bot, so the connection could not be matched to the one a connect makes.',
    },
    api: { baseUrl: options.apiBaseUrl },
    metadataSchema,
    account: resolveAccount,
    actions: slackActions(),
  }),
});

/** Slack's separate, comma-separated list of user scopes; absent when the app wants a bot token only. */
function userScopeParam(userScopes: string[]): Record<string, string> {
  return userScopes.length > 0 ? { user_scope: userScopes.join(',') } : {};
}
