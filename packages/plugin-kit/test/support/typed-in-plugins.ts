import { defineProvider, endpointUrl, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { createFakeProvider, type FakeProvider } from '../../src/index.js';

/** The credentials every typed-in fake accepts. */
export const GOOD = {
  apiKey: 'sk_live_conformance_0123456789',
  username: 'ada',
  password: 'pw-conformance-0123456789',
};

const account = z.object({ id: z.string(), name: z.string() });

// A refused credential is the user's typo, not a lost grant: a plain Error is the 400 the form shows.
const typo = (message: string) => (error: { code?: unknown }) => {
  if (error.code === 'reauth_required') throw new Error(message);
  throw error;
};

/** An API-key plugin as a third party would write it (Stripe-like): the key checked at GET /v1/account. */
export const keyed = defineProvider({
  id: 'keyed',
  optionsSchema: z.object({ apiBaseUrl: endpointUrl().default('https://api.keyed.example/v1') }),
  setup: (options) => ({
    name: 'Keyed',
    auth: {
      type: 'api_key',
      verify: ({ fetch }) =>
        readProviderJson(fetch, '/account', account, { what: 'check the key' }).catch(typo('Keyed refused the key.')),
    },
    api: { baseUrl: options.apiBaseUrl },
  }),
});

/** A basic-auth plugin: the username and password checked at GET /api/me, which names the account. */
export const passworded = defineProvider({
  id: 'passworded',
  optionsSchema: z.object({ apiBaseUrl: endpointUrl().default('https://passworded.example/api') }),
  setup: (options) => ({
    name: 'Passworded',
    auth: {
      type: 'basic',
      verify: ({ fetch }) =>
        readProviderJson(fetch, '/me', account, { what: 'check the password' }).catch(
          typo('Wrong username or password.'),
        ),
    },
    api: { baseUrl: options.apiBaseUrl },
  }),
});

/** A raw plugin with its own fields and signer: a token and a workspace slug in headers of their own. */
export const rawHeaders = defineProvider({
  id: 'raw-headers',
  optionsSchema: z.object({ apiBaseUrl: endpointUrl().default('https://raw.example') }),
  setup: (options) => ({
    name: 'Raw headers',
    auth: {
      type: 'raw',
      fields: z.object({ workspace: z.string().min(1), accessToken: z.string().min(8) }),
      verify: ({ fetch }) =>
        readProviderJson(fetch, '/whoami', account, { what: 'check the token' }).catch(typo('Raw refused the token.')),
    },
    api: {
      baseUrl: options.apiBaseUrl,
      authorize: (request, credentials) => {
        if (credentials.type !== 'raw') return;
        request.headers.set('x-workspace', credentials.workspace ?? '');
        request.headers.set('x-access-token', credentials.accessToken ?? '');
      },
    },
  }),
});

/** A fake whose one route answers the account to the accepted credentials, and 401 to any other. */
export function typedInFake(
  route: string,
  accepted: (headers: FakeProvider['requests'][number]['headers']) => boolean,
) {
  return createFakeProvider({
    routes: {
      [route]: ({ headers }) =>
        accepted(headers)
          ? { body: { id: 'acct_7', name: 'Ada Lovelace' } }
          : { status: 401, body: { error: 'invalid_credentials' } },
    },
  });
}
