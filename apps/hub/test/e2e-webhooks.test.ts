import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { verifyWebhook } from '@plugboard/core';
import { approveSandbox, startReceiver, workspaceWithKey } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.js';
import { api, freePort, type HubProcess, startHubProcess, writeConfig } from './support/hub-process.js';

// DESIGN.md rule 8.5: an event written with its change survives the process dying before delivery.
describe('a host killed after a change and before delivery', () => {
  const dir = tempDir();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let port: number;
  const adminKey = randomBytes(32).toString('base64url');
  const encryptionKey = randomBytes(32).toString('base64');
  const config = (webhooks: boolean) => {
    const folder = join(dir.root, webhooks ? 'delivering' : 'api-only');
    mkdirSync(folder, { recursive: true });
    return writeConfig(
      folder,
      port,
      `database: sqlite:${join(dir.root, 'shared.db')}
encryptionKeys: ["${encryptionKey}"]
adminKey: "${adminKey}"
background: { refresh: false, webhooks: ${webhooks} }
egress: { allow: [127.0.0.0/8] }
allowSandbox: true
providers:
  - use: "@plugboard/provider-sandbox"
`,
    );
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    port = await freePort();
  });
  afterAll(async () => {
    await receiver.close();
    dir.cleanup();
  });

  it('delivers the event exactly once after a restart', async () => {
    // A host that serves the API but does not deliver: the change commits, the delivery stays pending.
    const first: HubProcess = await startHubProcess('start', config(false), port);
    const { workspaceId, key } = await workspaceWithKey(first.url, adminKey);
    const webhook = await api(first.url, 'POST', '/v1/webhooks', key, {
      url: receiver.url,
      events: ['connection.created'],
    });
    expect(webhook.status).toBe(201);
    const session = await api(first.url, 'POST', '/v1/connect-sessions', key, { provider: 'sandbox' });
    const callback = await approveSandbox(session.json.connectUrl, 'Katherine Johnson');
    expect(callback.status).toBe(200);
    expect(first.child.kill('SIGKILL')).toBe(true);
    await first.stop();
    expect(receiver.received).toHaveLength(0);

    const second = await startHubProcess('start', config(true), port);
    try {
      const deadline = Date.now() + 15_000;
      while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Let a few more dispatcher passes run: a second delivery would show up here.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(receiver.received).toHaveLength(1);
      const [message] = receiver.received;
      const body = JSON.parse(message!.body);
      expect(body.type).toBe('connection.created');
      expect(body.data.connection).toMatchObject({
        workspaceId,
        provider: 'sandbox',
        accountName: 'Katherine Johnson',
      });
      const signed = {
        id: String(message!.headers['webhook-id']),
        timestamp: String(message!.headers['webhook-timestamp']),
        signature: String(message!.headers['webhook-signature']),
      };
      expect(verifyWebhook(webhook.json.secret, signed, message!.body)).toBe(true);
      const log = await api(second.url, 'GET', `/v1/webhooks/${webhook.json.webhook.id}/deliveries`, key);
      expect(log.json.data).toMatchObject([{ eventId: signed.id, status: 'delivered', attempts: 1, lastStatus: 200 }]);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 60_000);
});
