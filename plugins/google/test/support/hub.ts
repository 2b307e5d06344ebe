import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, createHub, type Hub, type Provider } from '@plugboard/core';
import type { FakeProvider } from '@plugboard/plugin-kit';

// Nothing listens here: the tests hand the provider's redirect to the engine themselves.
const publicUrl = 'http://127.0.0.1:4455';

/** A hub on a fresh SQLite file with the given providers, and a workspace in it. */
export async function startHub(providers: Provider<any>[]) {
  const dir = await mkdtemp(join(tmpdir(), 'plugboard-provider-'));
  const hub: Hub = await createHub({
    database: `sqlite:${join(dir, 'hub.db')}`,
    providers,
    encryptionKeys: [randomBytes(32).toString('base64')],
    publicUrl,
  });
  const { id: workspaceId } = await hub.workspaces.create({ name: 'provider tests' });
  return {
    hub,
    workspaceId,
    /** Opens a connect session, plays the user approving it at the fake, and completes the callback. */
    async connect(fake: FakeProvider, provider: string) {
      const session = await hub.connectSessions.create(workspaceId, { provider });
      const authorizationUrl = new URL(session.authorizationUrl!);
      const result = await hub.completeCallback(await fake.approve(authorizationUrl.href));
      return { authorizationUrl, result };
    },
    /** Like `connect`, for tests that need the connection to exist. */
    async connected(fake: FakeProvider, provider: string): Promise<Connection> {
      const { result } = await this.connect(fake, provider);
      if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
      return result.connection;
    },
    close: async () => {
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
