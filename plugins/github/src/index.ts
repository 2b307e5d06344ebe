import { defineProvider } from '@plugboard/core';
import { fetchGitHubAccount, metadataSchema } from './account.js';
import { gitHubActions } from './actions.js';
import { classifyGitHubError } from './classify-error.js';
import { GITHUB_API_HEADERS } from './endpoints.js';
import { optionsSchema } from './options.js';
import { GITHUB_LOGO, GITHUB_SCOPE_DESCRIPTIONS } from './presentation.js';
import { revokeGitHubGrant } from './revoke.js';
import { parseGitHubTokenResponse } from './token-response.js';

export type { GitHubMetadata } from './account.js';
export { GITHUB_API_HEADERS, GITHUB_ENDPOINTS } from './endpoints.js';
export { type GitHubOptions, optionsSchema } from './options.js';

/** GitHub user access tokens, from an OAuth app (never expire) or a GitHub App (expire after 8 hours, refreshable). */
export default defineProvider({
  id: 'github',
  optionsSchema,
  setup: (options) => ({
    name: 'GitHub',
    logo: GITHUB_LOGO,
    auth: {
      type: 'oauth2',
      authorizationUrl: options.authorizationUrl,
      tokenUrl: options.tokenUrl,
      client: { clientId: options.clientId, clientSecret: options.clientSecret },
      // GitHub Apps ignore scopes (their permissions are set on the app); OAuth apps need them.
      scopes: {
        default: options.scopes ?? ['read:user'],
        separator: ' ',
        descriptions: GITHUB_SCOPE_DESCRIPTIONS,
      },
      pkce: 'S256',
      clientAuth: 'post',
      parseTokenResponse: parseGitHubTokenResponse,
      classifyError: classifyGitHubError,
      // No RFC 7009 endpoint: deleting a connection deletes the grant GitHub's own way (DELETE .../grant).
      revoke: revokeGitHubGrant,
      // No refresh hook: the standard grant for a GitHub App's expiring tokens. An OAuth app's token has no
      // expiry and no refresh token, and the engine never refreshes such a token.
    },
    api: {
      baseUrl: options.apiBaseUrl,
      allowedHosts: [new URL(options.apiBaseUrl).host],
      defaultHeaders: GITHUB_API_HEADERS,
    },
    metadataSchema,
    account: fetchGitHubAccount,
    actions: gitHubActions(),
  }),
});
