import { startTestHub } from '@plugboard/plugin-kit';
import meta from '../../src/index.js';
import { startFacebookFake, startInstagramFake } from './meta-fakes.js';

/** Both Meta providers in one hub, each pointed at its fake. */
export async function startMetaHub(options: { shortLivedSeconds?: number } = {}) {
  const facebook = await startFacebookFake(options);
  const instagram = await startInstagramFake();
  const api = await startTestHub((publicUrl) => [
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
