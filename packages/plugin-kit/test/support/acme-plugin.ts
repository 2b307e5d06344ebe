import { defineProvider, oauth2ClientOptions } from '@plugboard/core';
import { z } from 'zod';

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
      const me = (await (await fetch('/v1/me')).json()) as { id: string; name: string; plan: 'free' | 'team' };
      return { id: me.id, name: me.name, metadata: { plan: me.plan } };
    },
  }),
});
