import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createKeyRing } from '@plugboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../src/commands/doctor.js';
import type { Io } from '../src/commands/io.js';
import { migrateCommand } from '../src/commands/migrate.js';
import { startCommand } from '../src/commands/serve.js';
import { loadConfig } from '../src/config/load.js';
import { withHub } from '../src/hub.js';
import { startServer } from '../src/server.js';
import { tempDir, writeFiles } from './fixtures.js';
import { freePort } from './support/hub-process.js';

let dir: { root: string; cleanup: () => void };
let config: string;
beforeEach(() => {
  dir = tempDir();
  config = join(dir.root, 'plugboard.yaml');
});
afterEach(() => dir.cleanup());

function capture(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: () => undefined };
}

describe('plugboard doctor', () => {
  it('prints a line per check, and on a fresh database warns to run plugboard migrate', async () => {
    writeFiles(dir.root, {
      'plugboard.yaml': `publicUrl: http://localhost:3000
providers:
  - use: "@plugboard/provider-sandbox"
`,
    });
    const before = capture();
    expect(await doctorCommand({ config, dev: true }, before)).toBe(0);
    expect(before.lines[0]).toMatch(/^ok {4}config +.*plugboard\.yaml$/);
    expect(before.lines[1]).toMatch(/^ok {4}keys +1 encryption key\(s\) of 32 bytes, admin key of \d+ characters$/);
    expect(before.lines[2]).toMatch(/^ok {4}providers\[0\] +@plugboard\/provider-sandbox -> sandbox \(Sandbox\)$/);
    expect(before.lines[3]).toMatch(/^warn {2}database +sqlite:.* answers, but its tables are missing/);
    expect(before.lines[4]).toContain('-> run `plugboard migrate`');
    expect(before.lines[5]).toMatch(
      /^(ok {4}port +127\.0\.0\.1:3000 is free|warn {2}port +127\.0\.0\.1:3000 is in use)/,
    );
    if (before.lines[5]!.includes('is free')) {
      expect(before.lines[6]).toMatch(/^ok {4}public URL +not checked: nothing listens on 127\.0\.0\.1:3000/);
    }

    const migrate = capture();
    expect(await migrateCommand({ config, dev: true }, migrate)).toBe(0);
    expect(migrate.lines[0]).toMatch(/applied \d+ migration\(s\)/);

    const after = capture();
    expect(await doctorCommand({ config, dev: true }, after)).toBe(0);
    expect(after.lines).toContainEqual(expect.stringMatching(/^ok {4}database +sqlite:.*plugboard\.db answers$/));
    expect(after.lines).toContainEqual(expect.stringMatching(/^ok {4}key ring +decrypts all 0 sampled secrets$/));
  });

  it('--json: doctor and migrate print one document for scripts, in stable shapes', async () => {
    writeFiles(dir.root, { 'plugboard.yaml': 'publicUrl: http://localhost:3000\n' });
    const fresh = capture();
    expect(await doctorCommand({ config, dev: true, json: true }, fresh)).toBe(0);
    const report = JSON.parse(fresh.lines.join('\n'));
    expect(report.ok).toBe(true);
    expect(report.checks.map((check: { name: string }) => check.name)).toEqual([
      'config',
      'keys',
      'providers',
      'database',
      'port',
      'public URL',
    ]);
    expect(report.checks[3]).toEqual({
      name: 'database',
      status: 'warn',
      detail: expect.stringContaining('its tables are missing'),
      fix: 'run `plugboard migrate` (plugboard start also migrates)',
    });

    const migrate = capture();
    expect(await migrateCommand({ config, dev: true, json: true }, migrate)).toBe(0);
    expect(JSON.parse(migrate.lines.join('\n'))).toEqual({
      database: expect.stringMatching(/^sqlite:.*plugboard\.db$/),
      applied: expect.arrayContaining(['0001_initial']),
    });

    writeFiles(dir.root, { 'plugboard.yaml': 'publicUrl: http://localhost:3000/\n' });
    const broken = capture();
    expect(await doctorCommand({ config, json: true }, broken)).toBe(1);
    expect(JSON.parse(broken.lines.join('\n'))).toEqual({
      ok: false,
      checks: [
        {
          name: 'config',
          status: 'fail',
          detail: expect.stringContaining('publicUrl: must not end with a slash'),
          fix: 'fix the settings listed above',
        },
      ],
    });
  });

  it('with a hub running, checks that its public URL answers from this host, and warns naming it when not', async () => {
    const port = await freePort();
    const write = (publicUrl: string) =>
      writeFiles(dir.root, {
        'plugboard.yaml': `publicUrl: ${publicUrl}
server: { host: 127.0.0.1, port: ${port} }
logLevel: warn
database: sqlite:./hub.db
encryptionKeys: ["${randomBytes(32).toString('base64')}"]
`,
      });
    write(`http://127.0.0.1:${port}`);
    const server = await startServer(await loadConfig(config));
    try {
      const reachable = capture();
      expect(await doctorCommand({ config }, reachable)).toBe(0);
      expect(reachable.lines).toContainEqual(
        `ok    public URL     http://127.0.0.1:${port}/healthz answers from this host`,
      );

      // A publicUrl nothing answers on (a typo, a proxy not set up yet): a warning naming the URL, exit 0.
      const wrong = `http://127.0.0.1:${await freePort()}`;
      write(wrong);
      const unreachable = capture();
      expect(await doctorCommand({ config }, unreachable)).toBe(0);
      const text = unreachable.lines.join('\n');
      expect(text).toContain(`warn  public URL     ${wrong}/healthz is not reachable from this host: ECONNREFUSED`);
      expect(text).toContain('-> check publicUrl');
    } finally {
      await server.close();
    }
  });

  it('names the encryption key stored secrets need when the config lost it', async () => {
    const [a, b] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const write = (key: string) =>
      writeFiles(dir.root, {
        'plugboard.yaml': `publicUrl: http://localhost:3000\nencryptionKeys: ["${key}"]\ndatabase: sqlite:./hub.db\n`,
      });
    write(a);
    const loaded = await loadConfig(config);
    await withHub(loaded, async (hub) => {
      const workspace = await hub.workspaces.create({ name: 'keys' });
      await hub.webhooks.create(workspace.id, { url: 'https://example.com/hook' });
    });
    write(b);
    const io = capture();
    expect(await doctorCommand({ config }, io)).toBe(1);
    const keyId = createKeyRing([a]).currentKeyId;
    expect(io.lines.join('\n')).toMatch(
      new RegExp(`FAIL {2}key ring +stored secrets are encrypted with key id ${keyId}, which encryptionKeys lacks`),
    );
  });

  it('reports each broken plugin with what to do, and a broken config alone', async () => {
    writeFiles(dir.root, {
      'plugboard.yaml': `publicUrl: http://localhost:3000
providers:
  - use: "@acme/plugboard-provider-nowhere"
  - use: "@plugboard/provider-sandbox"
    options: { tokenTtlSeconds: -5 }
`,
    });
    const io = capture();
    expect(await doctorCommand({ config, dev: true }, io)).toBe(1);
    const text = io.lines.join('\n');
    expect(text).toMatch(
      /FAIL {2}providers\[0\] +providers\[0\]\.use: package "@acme\/plugboard-provider-nowhere" is not installed/,
    );
    expect(text).toContain('-> install the package next to the config file');
    expect(text).toMatch(/FAIL {2}providers\[1\] +Invalid options for "@plugboard\/provider-sandbox":/);
    expect(text).toContain('providers[1].options.tokenTtlSeconds:');

    writeFiles(dir.root, { 'plugboard.yaml': 'publicUrl: http://localhost:3000/\n' });
    const bad = capture();
    expect(await doctorCommand({ config }, bad)).toBe(1);
    expect(bad.lines[0]).toMatch(/^FAIL {2}config/);
    expect(bad.lines.join('\n')).toContain('publicUrl: must not end with a slash');
    expect(bad.lines.join('\n')).toContain('encryptionKeys: required: the server refuses to start');
  });

  it('the sandbox: plugboard start refuses it unless allowSandbox: true, and doctor warns', async () => {
    const key = Buffer.alloc(32, 3).toString('base64');
    const yaml = (extra: string) => `publicUrl: http://localhost:3000
database: sqlite:./data/plugboard.db
encryptionKeys: ["${key}"]
${extra}providers:
  - use: "@plugboard/provider-sandbox"
`;
    writeFiles(dir.root, { 'plugboard.yaml': yaml('') });
    await expect(startCommand({ config }, capture())).rejects.toMatchObject({
      name: 'ConfigError',
      details: [{ path: 'providers[0].use', message: expect.stringContaining('allowSandbox: true') }],
    });
    const refused = capture();
    await doctorCommand({ config }, refused);
    expect(refused.lines.join('\n')).toMatch(
      /^warn {2}sandbox +providers\[0\]\.use: .*refuses it without allowSandbox/m,
    );

    writeFiles(dir.root, { 'plugboard.yaml': yaml('allowSandbox: true\n') });
    const allowed = capture();
    await doctorCommand({ config }, allowed);
    expect(allowed.lines.join('\n')).toMatch(/^warn {2}sandbox +.*the sandbox provider is on \(allowSandbox: true\)/m);
  });
});
