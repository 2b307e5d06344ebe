import { defineProvider } from '@plugboard/core';
import { metadataSchema, resolveAccount } from './account.js';
import { notionActions } from './actions.js';
import { optionsSchema } from './options.js';
import { NOTION_LOGO } from './presentation.js';

export type { NotionMetadata } from './account.js';
export { type NotionOptions, optionsSchema } from './options.js';

/** Notion public integrations: Basic client auth with JSON token requests, rotating refresh tokens, a pinned API version. */
export default defineProvider({
  id: 'notion',
  optionsSchema,
  setup: (options) => ({
    name: 'Notion',
    logo: NOTION_LOGO,
    auth: {
      type: 'oauth2',
      authorizationUrl: options.authorizationUrl,
      tokenUrl: options.tokenUrl,
      revocationUrl: options.revocationUrl,
      client: { clientId: options.clientId, clientSecret: options.clientSecret },
      // Notion has no scopes: the user picks the pages to share on its consent screen.
      scopes: { default: [] },
      pkce: 'none',
      clientAuth: 'basic',
      tokenRequestFormat: 'json',
      authorizationParams: { owner: 'user' },
      importUnsupported:
        'Notion names the workspace, half of the account id, only in the answer to the code exchange; GET /v1/users/me names the bot and its owner, not the workspace.',
    },
    api: { baseUrl: options.apiBaseUrl, defaultHeaders: { 'Notion-Version': options.notionVersion } },
    metadataSchema,
    account: async (accountContext) => resolveAccount(accountContext),
    actions: notionActions(),
  }),
});
