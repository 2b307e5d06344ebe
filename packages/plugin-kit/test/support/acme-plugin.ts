import { defineProvider, oauth2ClientOptions, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

const acmeUser = z.object({ id: z.string(), name: z.string(), plan: z.enum(['free', 'team']) });

/** A standard OAuth2 plugin, as a third party would write it: endpoints default to Acme's, options override them. */
export default defineProvider({
  id: 'acme',
  optionsSchema: oauth2ClientOptions.extend({
    authorizationUrl: z.url().default('https://login.acme.example/oauth/authorize'),
    tokenUrl: z.url().default('https://login.acme.example/oauth/token'),
    revocationUrl: z.url().default('https://login.acme.example/oauth/revoke'),
    apiBaseUrl: z.url().default('https://api.acme.example'),
  }),
  setup: (options) => ({
    name: 'Acme',
    auth: {
      type: 'oauth2',
      authorizationUrl: options.authorizationUrl,
      tokenUrl: options.tokenUrl,
      revocationUrl: options.revocationUrl,
      client: { clientId: options.clientId, clientSecret: options.clientSecret },
      scopes: { default: options.scopes ?? ['profile', 'projects:read'] },
      authorizationParams: { prompt: 'consent' },
    },
    api: { baseUrl: options.apiBaseUrl, defaultHeaders: { 'Acme-Version': '2024-01' } },
    metadataSchema: z.object({ plan: z.enum(['free', 'team']) }),
    async account({ fetch }) {
      // readProviderJson classifies a refused token (401) as reauth_required, which an import answers with a 400.
      const me = await readProviderJson(fetch, '/v1/me', acmeUser, { what: 'look up the Acme user' });
      return { id: me.id, name: me.name, metadata: { plan: me.plan } };
    },
  }),
});
