import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, approveSandbox, freePort, type HubProcess, workspaceWithKey } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cleanEnv, installServer, npm, ROOT } from '../src/pack.js';
import { startInstalledHub, stopAndClean } from './support/installed-hub.js';

// What a self-hoster does, in the order docs/self-hosting.md writes it: pack the release (or download it), make
// a config folder outside any workspace, `npm install` the tarballs there with plain npm, add a third-party
// plugin next to them, and run `node_modules/.bin/plugboard start --config plugboard.yaml`.
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
const ADMIN_KEY = 'release-test-admin-key-0123456789abcdef';

// A provider plugin as a third party publishes it: its own package, compiled JS, `@plugboard/core` as a peer.
function packThirdPartyPlugin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'plugboard-provider-acme',
      version: '1.0.0',
      type: 'module',
      exports: './index.js',
      plugboard: { specVersion: 1 },
      peerDependencies: { '@plugboard/core': '>=0.1.0 <1.0.0', zod: '^4.1.0' },
    }),
  );
  writeFileSync(
    join(dir, 'index.js'),
    `import { defineProvider } from '@plugboard/core';
import { z } from 'zod';
export default defineProvider({
  id: 'acme',
  optionsSchema: z.object({ region: z.string() }),
  setup: (options) => ({ name: 'Acme (' + options.region + ')', auth: { type: 'api_key' } }),
});
`,
  );
  execFileSync('npm', ['pack', '--loglevel=error'], { cwd: dir, env: cleanEnv(), stdio: 'ignore' });
  return join(dir, 'plugboard-provider-acme-1.0.0.tgz');
}

describe('the release tarballs, installed with npm outside the workspace', () => {
  const root = mkdtempSync(join(tmpdir(), 'plugboard-release-'));
  const configDir = join(root, 'plugboard');
  const tarballs = inject('tarballs');
  let hub: HubProcess | undefined;
  let hubEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    installServer(tarballs, configDir);
    npm(configDir, ['install', packThirdPartyPlugin(join(root, 'acme'))]);
    // The container config of deploy/plugboard.yaml (what the Dockerfile ships), with its secret files here, and
    // the sandbox and the third-party plugin as its providers.
    const port = await freePort();
    const secrets = join(root, 'secrets');
    mkdirSync(secrets);
    writeFileSync(join(secrets, 'plugboard_encryption_key'), `${ENCRYPTION_KEY}\n`);
    writeFileSync(join(secrets, 'plugboard_admin_key'), `${ADMIN_KEY}\n`);
    const container = readFileSync(join(ROOT, 'deploy/plugboard.yaml'), 'utf8').replaceAll(
      '/run/secrets/',
      `${secrets}/`,
    );
    writeFileSync(
      join(configDir, 'plugboard.yaml'),
      `${container.slice(0, container.indexOf('providers:'))}# The sandbox lives inside this hub, on loopback: start serves it only when
# allowed, and the hub's egress policy must let the hub reach itself.
allowSandbox: true
egress: { allow: ["127.0.0.0/8"] }
providers:
  - use: "@plugboard/provider-sandbox"
  - use: plugboard-provider-acme
    options: { region: eu }
`,
    );
    hubEnv = cleanEnv({
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      PLUGBOARD_DATABASE_URL: 'sqlite:./data/plugboard.db',
    });
    hub = await startInstalledHub(configDir, port, hubEnv);
  }, 900_000);

  afterAll(() => stopAndClean(hub, root));

  it('ships manifests that point at dist only, and no TypeScript but declarations', () => {
    for (const tarball of tarballs) {
      const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
      const manifest = JSON.parse(
        execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
      );
      expect(
        listing.filter((file) => /\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file)),
        tarball,
      ).toEqual([]);
      const entryPoints = JSON.stringify([manifest.exports, manifest.main, manifest.types, manifest.bin]);
      expect(entryPoints, tarball).not.toMatch(/src\/|(?<!\.d)\.ts"|@plugboard\/source/);
      expect(JSON.stringify([manifest.dependencies, manifest.peerDependencies]), tarball).not.toContain('workspace:');
    }
  });

  it('installs without tsx, and runs the CLI on plain node', () => {
    expect(existsSync(join(configDir, 'node_modules/tsx'))).toBe(false);
    const installed = readdirSync(join(configDir, 'node_modules/@plugboard'));
    expect(installed).toEqual(expect.arrayContaining(['core', 'koa', 'hub', 'provider-sandbox']));
    const bin = join(configDir, 'node_modules/.bin/plugboard');
    expect(readFileSync(bin, 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
    const cmdline = readFileSync(`/proc/${hub!.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(cmdline).toEqual(['node', bin, 'start', '--config', 'plugboard.yaml']);
  });

  it('loads each of our packages as one file per entry point, with kysely, uuid and yaml inside them', () => {
    // A module hook in the CLI's process writes down every module a command that reads the config and the
    // database loads.
    const log = join(root, 'resolved.log');
    const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.RESOLVED_LOG, resolved.url + '\\n');
  return resolved;
}`;
    const register = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;
    const bin = join(configDir, 'node_modules/.bin/plugboard');
    const listing = execFileSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(register)}`, bin, 'workspaces', 'list', '--json'],
      { cwd: configDir, env: { ...hubEnv, RESOLVED_LOG: log } },
    );
    expect(JSON.parse(listing.toString())).toEqual({ data: expect.any(Array) });
    const loaded = [...new Set(readFileSync(log, 'utf8').split('\n'))];
    const ours = loaded.filter((url) => /\/node_modules\/@plugboard\/[^/]+\/dist\//.test(url));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((url) => !/\/node_modules\/@plugboard\/[^/]+\/dist\/[^/]+\.js$/.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/node_modules\/(kysely|uuid|yaml)\//.test(url))).toEqual([]);
    const licenses = (name: string) =>
      readFileSync(join(configDir, 'node_modules/@plugboard', name, 'dist/vendor-licenses.txt'), 'utf8');
    expect(licenses('core')).toMatch(/^kysely@[\d.]+ \(MIT\)[\s\S]*^uuid@[\d.]+ \(MIT\)/m);
    expect(licenses('hub')).toMatch(/^yaml@[\d.]+ \(ISC\)/);
  });

  it('is started the same way by the Dockerfile and the systemd unit of docs/self-hosting.md', () => {
    const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
    expect(dockerfile).toContain('\nCMD ["node_modules/.bin/plugboard", "start", "--config", "plugboard.yaml"]\n');
    const guide = readFileSync(join(ROOT, 'docs/self-hosting.md'), 'utf8');
    expect(guide).toContain('\nExecStart=/srv/plugboard/node_modules/.bin/plugboard start --config plugboard.yaml\n');
  });

  it('serves a sandbox connect flow and a proxied call', async () => {
    const { workspaceId } = await workspaceWithKey(hub!.url, ADMIN_KEY, ['https://app.example.com']);
    const key = await api(hub!.url, 'POST', `/v1/workspaces/${workspaceId}/api-keys`, ADMIN_KEY, {
      scopes: ['connections:read', 'connections:write', 'proxy'],
    });
    expect(key.status).toBe(201);
    const session = await api(hub!.url, 'POST', '/v1/connect-sessions', key.json.key, {
      provider: 'sandbox',
      returnTo: 'https://app.example.com/connected',
    });
    expect(session.status).toBe(201);
    const callback = await approveSandbox(session.json.connectUrl, 'Ada Lovelace');
    expect(callback.status).toBe(302);
    const connectionId = new URL(callback.headers.get('location')!).searchParams.get('connection_id');
    expect(connectionId).toBeTruthy();

    const me = await api(hub!.url, 'GET', `/v1/connections/${connectionId}/proxy/me`, key.json.key);
    expect(me.status).toBe(200);
    expect(me.json.name).toBe('Ada Lovelace');
  });

  it('loads the third-party plugin installed next to the config file', async () => {
    const providers = await api(hub!.url, 'GET', '/v1/providers', ADMIN_KEY);
    expect(providers.status).toBe(200);
    expect(JSON.stringify(providers.json)).toContain('Acme (eu)');
  });
});
