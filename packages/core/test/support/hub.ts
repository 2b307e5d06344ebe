import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { TestDatabase } from '@plugboard/testing';
import { z } from 'zod';
import {
  type AuthThrottleOptions,
  createHub,
  createLogger,
  defineProvider,
  type EgressOptions,
  type Hub,
  type Provider,
  type WebhookDispatcherOptions,
} from '../../src/index.js';

/** A provider pointing at the fake OAuth server, built through the real contract. */
export function fakeOAuthProvider(origin: string, clientSecret: string): Provider<any> {
  return defineProvider({
    id: 'fake',
    optionsSchema: z.object({}),
    setup: () => ({
      name: 'Fake',
      auth: {
        type: 'oauth2',
        authorizationUrl: `${origin}/authorize`,
        tokenUrl: `${origin}/token`,
        revocationUrl: `${origin}/revoke`,
        scopes: { default: ['read', 'write'] },
        client: { clientId: 'fake-client', clientSecret },
      },
      api: { baseUrl: `${origin}/api` },
      metadataSchema: z.object({ plan: z.string() }),
      async account({ fetch }) {
        const me = (await (await fetch('/me')).json()) as { id: string; name: string };
        return { id: me.id, name: me.name, metadata: { plan: 'free' } };
      },
    }),
  })({});
}

/** An API-key provider with a `verify` hook that accepts only keys starting with `good`. */
export const keyProvider = defineProvider({
  id: 'keyed',
  optionsSchema: z.object({}),
  setup: () => ({
    name: 'Keyed',
    auth: {
      type: 'api_key',
      async verify({ credentials }) {
        if (credentials.type !== 'api_key' || !credentials.apiKey.startsWith('good')) throw new Error('bad key');
      },
    },
  }),
})({});

/** A hub on a test database, with every log line captured for secret sweeps. */
export async function startTestHub(
  db: TestDatabase,
  providers: Provider<any>[],
  extra: {
    sessionTtlSeconds?: number;
    providerTimeoutMs?: number;
    encryptionKeys?: string[];
    egress?: EgressOptions;
    webhooks?: WebhookDispatcherOptions;
    authThrottle?: AuthThrottleOptions;
  } = {},
) {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const adminKey = randomBytes(32).toString('base64url');
  const hub: Hub = await createHub({
    database: db.url,
    postgresSchema: db.postgresSchema,
    providers,
    encryptionKeys: extra.encryptionKeys ?? [randomBytes(32).toString('base64')],
    publicUrl: 'http://127.0.0.1:3999',
    adminKey,
    logger: createLogger({ level: 'debug', destination }),
    sessionTtlSeconds: extra.sessionTtlSeconds,
    providerTimeoutMs: extra.providerTimeoutMs,
    // Tests run passes themselves (refreshDue, deliverDue), so counts never race a timer.
    background: false,
    // The fake providers and webhook receivers listen on loopback, which the egress policy refuses by default.
    egress: extra.egress ?? { allow: ['127.0.0.0/8', '::1'] },
    webhooks: extra.webhooks,
    authThrottle: extra.authThrottle,
  });
  return { hub, logs, adminKey };
}
