import type { FakeProvider } from '@plugboard/plugin-kit';
import meta from '../../src/index.js';
import { startHubApi } from './hub-api.js';
import { startFacebookFake, startInstagramFake } from './meta-fakes.js';

/** Both Meta providers in one hub, each pointed at its fake. */
export async function startMetaHub(options: { shortLivedSeconds?: number } = {}) {
  const facebook = await startFacebookFake(options);
  const instagram = await startInstagramFake();
  const api = await startHubApi((publicUrl) => [
    meta['facebook-pages'](
      {
        appId: facebook.fake.clientId,
        appSecret: facebook.appSecret,
        endpoints: { dialog: facebook.fake.origin, graph: facebook.fake.origin },
      },
      { publicUrl },
    ),
    meta.instagram(
      {
        appId: instagram.fake.clientId,
        appSecret: instagram.appSecret,
        endpoints: { authorize: instagram.fake.origin, token: instagram.fake.origin, graph: instagram.fake.origin },
      },
      { publicUrl },
    ),
  ]);
  const workspace = await api.workspace();

  /** A connect flow through the engine that must succeed. */
  const connect = async (provider: 'facebook-pages' | 'instagram') => {
    const fake: FakeProvider = provider === 'instagram' ? instagram.fake : facebook.fake;
    const session = await api.hub.connectSessions.create(workspace.id, { provider });
    const result = await api.hub.completeCallback(await fake.approve(session.authorizationUrl!));
    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    return result.connection;
  };

  return {
    api,
    facebook,
    instagram,
    workspace,
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
