import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createTestDatabase, startReceiver } from '@plugboard/testing';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createHub, createLogger, defineProvider, type Hub, type HubOptions } from '../src/index.js';
import { keyProvider } from './support/hub.js';

const PUBLIC_URL = 'http://127.0.0.1:3999/integrations';

/** A provider that serves its own routes, so where it lives matters. */
const routed = defineProvider({
  id: 'routed',
  optionsSchema: z.object({}),
  setup: (_options, { mountUrl }) => ({
    name: 'Routed',
    auth: { type: 'raw' },
    http: { fetch: async () => Response.json({ mountUrl }) },
  }),
});

/** createHub on a fresh SQLite database with every log line captured; `work` runs before the hub closes. */
async function withHub(
  options: Partial<HubOptions>,
  work: (hub: Hub, logs: string[]) => Promise<void> = async () => {},
) {
  const db = createTestDatabase('sqlite');
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  try {
    const hub = await createHub({
      database: db.url,
      providers: [keyProvider],
      encryptionKeys: [randomBytes(32).toString('base64')],
      publicUrl: PUBLIC_URL,
      logger: createLogger({ destination }),
      ...options,
    });
    try {
      await work(hub, logs);
    } finally {
      await hub.close();
    }
  } finally {
    await db.drop();
  }
  return logs;
}

describe('createHub, embedded', () => {
  it('starts background work by default and says so', async () => {
    const receiver = await startReceiver();
    try {
      // The receiver is on loopback, which the egress policy refuses unless allow-listed.
      await withHub({ webhooks: { intervalMs: 20 }, egress: { allow: ['127.0.0.0/8'] } }, async (hub, logs) => {
        expect(logs.join('')).toContain('background work started: proactive token refresh, webhook delivery');
        const workspaceId = (await hub.workspaces.create({ name: 'hooks' })).id;
        await hub.webhooks.create(workspaceId, { url: receiver.url });
        await hub.connections.create(workspaceId, {
          provider: 'keyed',
          credentials: { type: 'api_key', apiKey: 'good' },
        });
        // Nobody calls deliverDue here: the running dispatcher delivers on its own.
        await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThan(0), { timeout: 10_000 });
      });
    } finally {
      await receiver.close();
    }
  });

  it('starts nothing with background: false, and only what an object names', async () => {
    expect((await withHub({ background: false })).join('')).not.toContain('background work started');
    const some = (await withHub({ background: { webhooks: false, deletions: false } })).join('');
    expect(some).toContain('background work started: proactive token refresh"');
  });

  it("refuses a provider serving routes built without the hub's publicUrl or for another one", async () => {
    await expect(withHub({ providers: [routed({})] })).rejects.toThrow(
      `Provider "routed" was built without a publicUrl, but this hub's publicUrl is ${PUBLIC_URL}`,
    );
    await expect(
      withHub({ providers: [routed({}, { publicUrl: 'http://127.0.0.1:3999' })], background: false }),
    ).rejects.toThrow('Provider "routed" was built for http://127.0.0.1:3999, but');
    // Built with the hub's own (a trailing slash is the same URL), or a provider that serves no routes: accepted.
    const plain = defineProvider({
      id: 'plain',
      optionsSchema: z.object({}),
      setup: () => ({ name: 'Plain', auth: { type: 'raw' } }),
    });
    await withHub({
      providers: [routed({}, { publicUrl: `${PUBLIC_URL}/` }), plain({}, { publicUrl: 'https://elsewhere.example' })],
      background: false,
    });
  });

  it('refuses a publicUrl that is not an absolute http(s) URL', async () => {
    for (const publicUrl of ['localhost:3000', '/integrations', 'ftp://x.example', 'https://x.example/?a=1']) {
      await expect(withHub({ publicUrl, background: false })).rejects.toThrow('publicUrl must be an absolute');
    }
  });
});
