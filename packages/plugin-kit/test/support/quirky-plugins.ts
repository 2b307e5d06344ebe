import { defineProvider, PlugboardError, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

const endpoints = z.object({ clientId: z.string(), clientSecret: z.string(), origin: z.url() });

/**
 * Two quirky plugins in one package (a record of factories, like google's): `zonal` picks its token endpoint
 * by a callback parameter, takes the account from the token response (so it cannot import tokens) and never
 * refreshes; `longlived` speaks JSON and refreshes through its own exchange route.
 */
export default {
  zonal: defineProvider({
    id: 'zonal',
    optionsSchema: endpoints,
    setup: ({ clientId, clientSecret, origin }) => ({
      name: 'Zonal',
      auth: {
        type: 'oauth2',
        authorizationUrl: `${origin}/oauth/authorize`,
        // The data centre comes from a fixed table, never from the raw callback value.
        tokenUrl: ({ callbackParams, metadata }) =>
          `${origin}${{ eu: '/eu', us: '/us' }[(callbackParams?.location ?? metadata.dc) === 'eu' ? 'eu' : 'us']}/token`,
        callbackParams: z.object({ location: z.enum(['us', 'eu']) }),
        client: { clientId, clientSecret },
        clientAuth: 'query',
        pkce: 'none',
        scopes: { default: ['ZonalCRM.users.READ', 'ZonalCRM.org.READ'], separator: ',' },
        refresh: 'none',
        importUnsupported: 'Zonal names the user only in the answer to the code exchange.',
      },
      api: { baseUrl: origin },
      metadataSchema: z.object({ dc: z.enum(['us', 'eu']) }),
      async account({ tokenResponse, callbackParams }) {
        const user = tokenResponse?.user as { id: string; name: string };
        return { id: user.id, name: user.name, metadata: { dc: callbackParams?.location === 'eu' ? 'eu' : 'us' } };
      },
    }),
  }),
  longlived: defineProvider({
    id: 'longlived',
    optionsSchema: endpoints,
    setup: ({ clientId, clientSecret, origin }) => ({
      name: 'Long-lived',
      auth: {
        type: 'oauth2',
        authorizationUrl: `${origin}/oauth/authorize`,
        tokenUrl: `${origin}/oauth/token`,
        revocationUrl: `${origin}/oauth/revoke`,
        client: { clientId, clientSecret },
        clientAuth: 'post',
        tokenRequestFormat: 'json',
        scopes: { default: ['pages'] },
        async refresh({ credentials, fetch }) {
          const answer = await fetch(`/oauth/exchange?long_lived=${credentials.accessToken}`);
          if (answer.status === 400) throw new PlugboardError('reauth_required', 'The long-lived token is dead.');
          if (!answer.ok) throw new Error(`exchange answered ${answer.status}`);
          const body = (await answer.json()) as { access_token: string };
          return { accessToken: body.access_token, tokenType: 'Bearer' };
        },
      },
      api: {
        baseUrl: origin,
        authorize: (request, credentials) => {
          if (credentials.type === 'oauth2') request.url.searchParams.set('access_token', credentials.accessToken);
        },
      },
      async account({ fetch }) {
        const me = await readProviderJson(fetch, '/me', z.object({ id: z.string() }), {
          what: 'look up the page owner',
        });
        return { id: me.id, metadata: {} };
      },
    }),
  }),
};
