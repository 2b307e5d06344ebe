import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, freePort, type HubProcess, workspaceWithKey } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cleanEnv, installServer, npm, tarballOf } from '../src/pack.js';
import { startInstalledHub, stopAndClean } from './support/installed-hub.js';

// What a third-party author does, from docs/plugin-authoring.md alone: a plugin package of their own outside
// this workspace, the kit and core installed from the packed tarballs (until they are on npm), vitest and
// TypeScript from the registry, `testProvider` run there, the plugin compiled and packed; then a self-hoster
// installs it next to the hub and loads it from plugboard.yaml.
const FIXTURES = fileURLToPath(new URL('./fixtures/outside-plugins/', import.meta.url));
const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
const ADMIN_KEY = 'outside-plugins-admin-key-0123456789abcdef';

interface VitestReport {
  numTotalTests: number;
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

/**
 * Copies the fixture plugins into `dir`, each a package of its own (one npm workspace, so the registry packages
 * and better-sqlite3's native build are installed once), installs them with plain npm, and in each runs its
 * conformance tests, compiles it and packs it.
 */
function buildPlugins<Name extends string>(names: Name[], dir: string, tarballs: string[]) {
  const file = (package_: string) => `file:${tarballOf(tarballs, package_)}`;
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'plugin-authoring', private: true, workspaces: names }),
  );
  for (const name of names) {
    cpSync(join(FIXTURES, name), join(dir, name), { recursive: true });
    writeFileSync(
      join(dir, name, 'package.json'),
      JSON.stringify({
        name: `plugboard-provider-${name}`,
        version: '1.0.0',
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
        files: ['dist'],
        plugboard: { specVersion: 1 },
        peerDependencies: { '@plugboard/core': '>=0.1.0 <1.0.0', zod: '^4.1.0' },
        devDependencies: {
          '@plugboard/core': file('core'),
          '@plugboard/koa': file('koa'),
          '@plugboard/plugin-kit': file('plugin-kit'),
          '@types/node': '^20.19.0',
          typescript: '~5.9.3',
          vitest: '^4.0.0',
          zod: '^4.1.0',
        },
      }),
    );
  }
  npm(dir, ['install']);
  const bin = (tool: string) => join(dir, 'node_modules/.bin', tool);
  return Object.fromEntries(
    names.map((name) => {
      const cwd = join(dir, name);
      const report = join(cwd, 'report.json');
      // The suite's failures are read from the report, so a non-zero exit is not an error here.
      const vitest = ['run', '--reporter=json', `--outputFile=${report}`, '--testTimeout=30000', '--hookTimeout=60000'];
      try {
        execFileSync(bin('vitest'), vitest, { cwd, env: cleanEnv(), stdio: 'ignore' });
      } catch {}
      execFileSync(bin('tsc'), ['-p', '.'], { cwd, env: cleanEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
      execFileSync('npm', ['pack', '--loglevel=error'], { cwd, env: cleanEnv(), stdio: 'ignore' });
      const built = {
        report: JSON.parse(readFileSync(report, 'utf8')) as VitestReport,
        tarball: join(cwd, `plugboard-provider-${name}-1.0.0.tgz`),
      };
      return [name, built];
    }),
  ) as Record<Name, { report: VitestReport; tarball: string }>;
}

function outcomes(report: VitestReport) {
  const results = report.testResults.flatMap((file) => file.assertionResults);
  return {
    passed: results.filter((result) => result.status === 'passed').map((result) => result.title),
    failed: results
      .filter((result) => result.status === 'failed')
      .map((result) => `${result.title}: ${result.failureMessages.join('\n').slice(0, 500)}`),
  };
}

describe('plugins built outside the workspace, proven with the packed kit and loaded by an installed hub', () => {
  const tarballs = inject('tarballs');
  const root = mkdtempSync(join(tmpdir(), 'plugboard-outside-'));
  const configDir = join(root, 'hub');
  let built: Record<'tasks' | 'ledger', { report: VitestReport; tarball: string }>;
  let hub: HubProcess | undefined;

  beforeAll(async () => {
    const authoring = join(root, 'authoring');
    mkdirSync(authoring);
    built = buildPlugins(['tasks', 'ledger'], authoring, tarballs);
    installServer(tarballs, configDir);
    npm(configDir, ['install', built.tasks.tarball, built.ledger.tarball]);
    const port = await freePort();
    writeFileSync(
      join(configDir, 'plugboard.yaml'),
      `publicUrl: http://127.0.0.1:${port}
server: { host: 127.0.0.1, port: ${port} }
database: sqlite:./data/plugboard.db
encryptionKeys: ["${ENCRYPTION_KEY}"]
adminKey: ${ADMIN_KEY}
providers:
  - use: plugboard-provider-tasks
    options: { clientId: tasks-client, clientSecret: tasks-client-secret }
  - use: plugboard-provider-ledger
`,
    );
    hub = await startInstalledHub(configDir, port);
  }, 900_000);

  afterAll(() => stopAndClean(hub, root));

  it('the OAuth2 plugin (comma-separated scopes, a GraphQL account lookup) passes the kit in its own package', () => {
    const { passed, failed } = outcomes(built.tasks.report);
    expect(failed).toEqual([]);
    expect(passed).toEqual(
      expect.arrayContaining([
        'builds the authorization URL: client_id, redirect_uri, response_type=code, scopes, PKCE, params and a state',
        'makes the expected connection (GET /v1/connections/:id): account id, name and metadata valid by metadataSchema',
        'refreshes (POST /refresh) with one refresh_token grant, serves the new token, and keeps a rotated one',
      ]),
    );
  });

  it('the API-key plugin passes the kit in its own package', () => {
    const { passed, failed } = outcomes(built.ledger.report);
    expect(failed).toEqual([]);
    expect(passed).toEqual(
      expect.arrayContaining([
        'verify refuses credentials the provider refuses: a 400 the connect form shows, and no connection',
        'the hosted connect form: GET /connect/:id asks for each field, POST makes the connection and returns to returnTo',
        'never lets a credential or a canary into a response body or a log line',
      ]),
    );
  });

  it('an installed hub loads both from plugboard.yaml: comma-joined scopes, and a form for the key', async () => {
    const { key } = await workspaceWithKey(hub!.url, ADMIN_KEY, ['https://app.example.com']);
    const session = (provider: string) =>
      api(hub!.url, 'POST', '/v1/connect-sessions', key, { provider, returnTo: 'https://app.example.com/done' });

    const tasks = await session('tasks');
    expect(tasks.status, tasks.text).toBe(201);
    const authorization = new URL(tasks.json.authorizationUrl);
    expect(authorization.origin).toBe('https://tasks.example');
    expect(authorization.searchParams.get('scope')).toBe('read,write');

    const ledger = await session('ledger');
    expect(ledger.status, ledger.text).toBe(201);
    expect(ledger.json.authorizationUrl).toBeNull();
    const page = await fetch(ledger.json.connectUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="apiKey"');
  });
});
