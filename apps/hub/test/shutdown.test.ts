import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startFakeOAuthServer, workspaceWithKey } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.js';
import { connectAcme, fakeProviderYaml, proxyKey } from './support/fake-provider.js';
import { freePort, type HubProcess, startHubProcess } from './support/hub-process.js';

/** The provider's API: `/slow` answers after a while, `/hang` never does. */
async function startUpstream(slowMs: number) {
  const hanging = new Set<ServerResponse>();
  let received = 0;
  const server = createServer((req, res) => {
    received += 1;
    if (req.url?.startsWith('/hang')) {
      hanging.add(res);
      return;
    }
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('slow answer'), slowMs);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// DESIGN.md rule 8.6: on SIGTERM stop accepting, let in-flight requests (proxied calls too) finish within the
// grace period, then destroy what is left, release leases, close the database and exit 0.
describe('graceful shutdown of a hub process', () => {
  const dir = tempDir();
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  const adminKey = randomBytes(32).toString('base64url');

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    upstream = await startUpstream(1_500);
  });
  afterAll(async () => {
    await upstream?.close();
    await fake?.close();
    dir.cleanup();
  });

  /** A hub on its own SQLite file with one acme connection; returns the process and a proxy URL and key. */
  async function hubWithConnection(name: string, graceMs: number) {
    const port = await freePort();
    const folder = `${dir.root}/${name}`;
    mkdirSync(folder, { recursive: true });
    const config = join(folder, 'plugboard.yaml');
    writeFileSync(
      config,
      `publicUrl: http://127.0.0.1:${port}
server: { host: 127.0.0.1, port: ${port}, shutdownGraceMs: ${graceMs} }
logLevel: warn
database: sqlite:./hub.db
encryptionKeys: ["${randomBytes(32).toString('base64')}"]
adminKey: "${adminKey}"
background: { refresh: false, webhooks: false }
egress: { allow: [127.0.0.0/8] }
proxy: { timeoutMs: 120000 }
${fakeProviderYaml(fake, upstream.origin)}`,
    );
    const hub = await startHubProcess('start', config, port);
    const { key, workspaceId } = await workspaceWithKey(hub.url, adminKey);
    const id = await connectAcme(hub.url, key, fake);
    return { hub, proxy: `${hub.url}/v1/connections/${id}/proxy`, key: await proxyKey(hub.url, adminKey, workspaceId) };
  }

  const exitOf = (hub: HubProcess) =>
    new Promise<number | null>((resolve) => {
      if (hub.child.exitCode !== null) resolve(hub.child.exitCode);
      else hub.child.once('exit', (code) => resolve(code));
    });

  it('SIGTERM during 50 slow proxied calls: all 50 complete, then the process exits 0', async () => {
    const { hub, proxy, key } = await hubWithConnection('slow', 20_000);
    try {
      const before = upstream.received();
      const calls = Array.from({ length: 50 }, () =>
        fetch(`${proxy}/slow`, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => ({
          status: r.status,
          body: await r.text(),
        })),
      );
      await until(() => upstream.received() - before === 50, 'all 50 calls reaching the provider');
      const exited = exitOf(hub);
      hub.child.kill('SIGTERM');
      const answers = await Promise.all(calls);
      expect(answers.filter((a) => a.status !== 200 || a.body !== 'slow answer')).toEqual([]);
      expect(await exited).toBe(0);
      // It stopped accepting: nothing listens any more.
      await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
    } finally {
      await hub.stop('SIGKILL');
    }
  });

  it('SIGTERM with calls whose upstream never answers: the process exits 0 once the grace period is over', async () => {
    const graceMs = 1_000;
    const { hub, proxy, key } = await hubWithConnection('hang', graceMs);
    try {
      const before = upstream.received();
      const calls = Array.from({ length: 5 }, () =>
        fetch(`${proxy}/hang`, { headers: { authorization: `Bearer ${key}` } }).then(
          (r) => r.status,
          () => 'cut',
        ),
      );
      await until(() => upstream.received() - before === 5, 'the calls reaching the provider');
      const exited = exitOf(hub);
      const signalled = Date.now();
      hub.child.kill('SIGTERM');
      // Without the destruction of upstream requests the exit would wait for the 120 s proxy timeout: a generous
      // bound (for a loaded machine) tells the two apart without timing anything finer.
      const code = await Promise.race([
        exited,
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), graceMs + 30_000)),
      ]);
      expect(code, hub.output()).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(graceMs + 30_000);
      // Every caller got an answer or a cut connection; none is left hanging.
      expect(await Promise.all(calls)).toHaveLength(5);
    } finally {
      await hub.stop('SIGKILL');
    }
  });
});
