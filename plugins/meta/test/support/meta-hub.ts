import type { ActionDefinition, Provider } from '@plugboard/core';
import { startTestHub } from '@plugboard/plugin-kit';
import { z } from 'zod';
import meta from '../../src/index.js';
import { startFacebookFake, startInstagramFake } from './meta-fakes.js';

/** The name of the test-only action `withSecretsAction` adds. */
export const SECRETS_ACTION = 'test-only-read-secrets';

/**
 * Adds an action answering the connection's decrypted secrets, so a test can see which page tokens the account
 * step stored. Test-only: it defeats what the output allow-list is for, so the canary sweep runs without it.
 */
function withSecretsAction(provider: Provider<any>): Provider<any> {
  const readSecrets: ActionDefinition<Record<string, never>, Record<string, string>> = {
    input: z.object({}).strict(),
    output: z.record(z.string(), z.string()),
    run: async ({ secrets }) => secrets,
  };
  return { ...provider, actions: { ...provider.actions, [SECRETS_ACTION]: readSecrets } };
}

/** Both Meta providers in one hub, each pointed at its fake. */
export async function startMetaHub(
  options: { shortLivedSeconds?: number; exposeSecrets?: boolean; facebookScopes?: string[] } = {},
) {
  const facebook = await startFacebookFake(options);
  const instagram = await startInstagramFake();
  const api = await startTestHub((publicUrl) => {
    const facebookPages = meta['facebook-pages'](
      {
        appId: facebook.fake.clientId,
        appSecret: facebook.appSecret,
        endpoints: { dialog: facebook.fake.origin, graph: facebook.fake.origin },
        ...(options.facebookScopes && { scopes: options.facebookScopes }),
      },
      { publicUrl },
    );
    return [
      options.exposeSecrets ? withSecretsAction(facebookPages) : facebookPages,
      meta.instagram(
        {
          appId: instagram.fake.clientId,
          appSecret: instagram.appSecret,
          endpoints: { authorize: instagram.fake.origin, token: instagram.fake.origin, graph: instagram.fake.origin },
        },
        { publicUrl },
      ),
    ];
  });

  /** A connect flow through the engine that must succeed. */
  const connect = (provider: 'facebook-pages' | 'instagram') =>
    api.connected(provider, provider === 'instagram' ? instagram.fake : facebook.fake);

  return {
    api,
    facebook,
    instagram,
    connect,
    async close() {
      await api.close();
      await facebook.fake.close();
      await instagram.fake.close();
    },
  };
}

/** The running Meta hub of a test file. */
export type MetaHub = Awaited<ReturnType<typeof startMetaHub>>;
