import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeOAuthServer, workspaceWithKey } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupCommand } from '../src/commands/backup.js';
import type { Io } from '../src/commands/io.js';
import { tempDir, writeFiles } from './fixtures.js';
import { runCli } from './support/cli.js';
import { connectAcme, fakeProviderYaml, proxyKey } from './support/fake-provider.js';
import { api, freePort, type HubProcess, startHubProcess, writeConfig } from './support/hub-process.js';

// Issue 10: an online SQLite backup while the hub serves traffic, and the documented restore (stop, remove the
// database with its -wal and -shm, copy the backup in, start) gives back the same connections, which decrypt.
describe('plugboard backup and restore on SQLite', { timeout: 120_000 }, () => {
  const dir = tempDir();
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  beforeAll(async () => {
    fake = await startFakeOAuthServer();
  });
  afterAll(async () => {
    await fake?.close();
    dir.cleanup();
  });

  it('backs up while the hub writes; after a wipe and a restore the same connection decrypts and proxies', async () => {
    const port = await freePort();
    const adminKey = randomBytes(32).toString('base64url');
    const config = writeConfig(
      dir.root,
      port,
      `database: sqlite:./data/hub.db
encryptionKeys: ["${randomBytes(32).toString('base64')}"]
adminKey: "${adminKey}"
egress: { allow: [127.0.0.0/8] }
${fakeProviderYaml(fake)}`,
    );
    const database = join(dir.root, 'data', 'hub.db');
    const backup = join(dir.root, 'backup.db');
    let hub: HubProcess | undefined = await startHubProcess('start', config, port);
    try {
      const { key, workspaceId } = await workspaceWithKey(hub.url, adminKey);
      const connectionId = await connectAcme(hub.url, key, fake);
      const proxy = await proxyKey(hub.url, adminKey, workspaceId);
      const callProvider = (base: string) =>
        fetch(`${base}/v1/connections/${connectionId}/proxy/api/me`, { headers: { authorization: `Bearer ${proxy}` } });
      expect((await callProvider(hub.url)).status).toBe(200);
      const token = (await api(hub.url, 'GET', `/v1/connections/${connectionId}/credentials`, key)).json.credentials
        .accessToken as string;

      // Traffic while the backup runs: workspaces created one after another, and proxied calls.
      const running = hub;
      let writing = true;
      const created: string[] = [];
      const traffic = (async () => {
        while (writing) {
          const answer = await api(running.url, 'POST', '/v1/workspaces', adminKey, { name: `w${created.length}` });
          expect(answer.status, answer.text).toBe(201);
          created.push(answer.json.workspace.id);
          expect((await callProvider(running.url)).status).toBe(200);
        }
      })();
      while (created.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
      const before = created.length;
      const result = await runCli(['backup', backup, '--config', config, '--json']);
      const during = created.length - before;
      writing = false;
      await traffic;
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ file: backup, database: `sqlite:${database}` });
      expect(result.stderr).toContain('encryptionKeys');

      // Restore as docs/runbook.md says: stop the hub, remove the database and its -wal and -shm, copy, start.
      expect(await hub.stop('SIGTERM')).toBe(0);
      hub = undefined;
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
      expect(existsSync(database)).toBe(false);
      copyFileSync(backup, database);
      hub = await startHubProcess('start', config, port);

      const connection = await api(hub.url, 'GET', `/v1/connections/${connectionId}`, key);
      expect(connection.status, connection.text).toBe(200);
      expect(connection.json.connection).toMatchObject({ id: connectionId, accountName: 'Ada Lovelace' });
      const credentials = await api(hub.url, 'GET', `/v1/connections/${connectionId}/credentials`, key);
      expect(credentials.status, credentials.text).toBe(200);
      expect(credentials.json.credentials.accessToken).toBe(token);
      const proxied = await callProvider(hub.url);
      expect(proxied.status).toBe(200);
      expect(await proxied.json()).toMatchObject({ name: 'Ada Lovelace' });
      // Every workspace created before the backup started is in it (and a consistent file opened at all).
      const listed = await api(hub.url, 'GET', '/v1/workspaces', adminKey);
      const restored = new Set(listed.json.data.map((workspace: { id: string }) => workspace.id));
      for (const id of created.slice(0, before)) expect(restored.has(id)).toBe(true);
      expect(during).toBeGreaterThan(0);
    } finally {
      await hub?.stop('SIGKILL');
    }
  });

  it('on Postgres, backs up nothing: prints the pg_dump line without the password, exit 1', async () => {
    writeFiles(dir.root, {
      'pg/plugboard.yaml': `publicUrl: http://localhost:3000\nencryptionKeys: ["${randomBytes(32).toString('base64')}"]\ndatabase: postgres://hub:s3cret@db.internal:5432/plugboard\n`,
    });
    const lines: string[] = [];
    const io: Io = { out: (line) => lines.push(`out ${line}`), err: (line) => lines.push(`err ${line}`) };
    expect(await backupCommand('/backups/hub.dump', { config: join(dir.root, 'pg/plugboard.yaml') }, io)).toBe(1);
    expect(lines).toContain(
      'err   PGPASSWORD=... pg_dump --format=custom --file=/backups/hub.dump postgres://hub@db.internal:5432/plugboard',
    );
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(lines.filter((line) => line.startsWith('out'))).toEqual([]);
  });
});
