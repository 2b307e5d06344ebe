import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_SHAPE, seedConnections } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { withHub } from '../src/hub.js';
import { tempDir, writeFiles } from './fixtures.js';
import { type CliRun, runCli, runCommand } from './support/cli.js';

const SEED_STATUSES = Object.keys(SEED_SHAPE.statuses);
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** A failure as the rules want it: exit 1 and one line on stderr, nothing on stdout. */
function expectOneLineFailure(run: CliRun, line: string | RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
}

// The CLI for daily work, against a SQLite database seeded through the engine: `version` in a process of its own as
// a self-hoster runs it, the rest through the bin's own `run` in this process (runCommand), argv in, text and exit
// code out.
describe('plugboard CLI for daily work', { timeout: 60_000 }, () => {
  const dir = tempDir();
  const config = join(dir.root, 'plugboard.yaml');
  const cli = (...args: string[]) => runCommand([...args, '--config', config]);
  const json = async (...args: string[]) => {
    const run = await cli(...args, '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  let main: string;
  let spare: string;
  let key: { id: string; secret: string };

  beforeAll(async () => {
    writeFiles(dir.root, {
      'plugboard.yaml': `publicUrl: http://127.0.0.1:3999\nencryptionKeys: ["${randomBytes(32).toString('base64')}"]\ndatabase: sqlite:./hub.db\n`,
    });
    const loaded = await loadConfig(config);
    await withHub(loaded, async (hub) => {
      main = (await hub.workspaces.create({ name: 'main' })).id;
      spare = (await hub.workspaces.create({ name: 'spare' })).id;
      const created = await hub.apiKeys.create(main, { name: 'backend', scopes: ['proxy', 'connections:read'] });
      key = { id: created.apiKey.id, secret: created.key };
      await hub.apiKeys.create(main, { name: 'other', scopes: ['proxy'] });
    });
    // More than one page of the service (100), so the listing has to follow its cursor; numbered from 880 the
    // seed spreads them over the three statuses.
    await seedConnections({ url: loaded.database }, main, 150, 880);
  });
  afterAll(() => dir.cleanup());

  it('version: the package version, and { version, node } with --json', async () => {
    const plain = await runCli(['version']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`plugboard ${version} (node ${process.version})\n`);
    const scripted = await runCommand(['version', '--json']);
    expect(JSON.parse(scripted.stdout)).toEqual({ version, node: process.version });
  });

  it('workspaces list: a table for people, { data: Workspace[] } for scripts', async () => {
    const table = await cli('workspaces', 'list');
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^ID +NAME +CREATED$/);
    expect(rows.map((row) => row.split(/ +/).slice(0, 2))).toEqual([
      [main, 'main'],
      [spare, 'spare'],
    ]);
    const { data } = await json('workspaces', 'list');
    expect(data).toEqual([
      expect.objectContaining({ id: main, name: 'main', createdAt: expect.any(String) }),
      expect.objectContaining({ id: spare, name: 'spare' }),
    ]);
  });

  it('keys list: ids, names, scopes and dates, never a secret', async () => {
    const { data } = await json('keys', 'list', '--workspace', main);
    expect(data).toHaveLength(2);
    const listed = data.find((entry: { id: string }) => entry.id === key.id);
    expect(Object.keys(listed).sort()).toEqual([
      'createdAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'scopes',
      'workspaceId',
    ]);
    expect(listed).toMatchObject({ name: 'backend', scopes: ['proxy', 'connections:read'], workspaceId: main });
    const table = await cli('keys', 'list', '--workspace', main);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +PREFIX +NAME +SCOPES +CREATED$/);
    expect(table.stdout).toContain('proxy,connections:read');
    const secret = key.secret.split('_').at(-1)!;
    for (const output of [JSON.stringify(data), table.stdout, table.stderr]) expect(output).not.toContain(secret);
  });

  it('connections list: every page, filtered by provider, status and owner', async () => {
    const { data: all } = await json('connections', 'list', '--workspace', main);
    expect(all).toHaveLength(150);
    expect(new Set(all.map((c: { status: string }) => c.status))).toEqual(new Set(SEED_STATUSES));
    expect(new Set(all.map((c: { id: string }) => c.id)).size).toBe(150);
    expect(all[0]).not.toHaveProperty('credentials');

    const { data: filtered } = await json(
      'connections',
      'list',
      '--workspace',
      main,
      '--provider',
      'provider-3',
      '--status',
      'active',
      '--owner',
      all.find((c: { provider: string; ownerId: string | null }) => c.provider === 'provider-3' && c.ownerId).ownerId,
    );
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(150 / SEED_SHAPE.providers);
    for (const connection of filtered) expect(connection).toMatchObject({ provider: 'provider-3', status: 'active' });
    expect(new Set(filtered.map((c: { ownerId: string }) => c.ownerId)).size).toBe(1);

    const limited = await cli('connections', 'list', '--workspace', main, '--status', 'error', '--limit', '2');
    const [header, ...rows] = limited.stdout.trim().split('\n');
    expect(header).toMatch(/^ID +PROVIDER +OWNER +ACCOUNT +STATUS +UPDATED$/);
    expect(rows).toHaveLength(2);
    // Columns are two spaces apart at least; an account name may hold one.
    for (const row of rows) expect(row.split(/ {2,}/)[4]).toBe('error');

    expectOneLineFailure(
      await cli('connections', 'list', '--workspace', main, '--status', 'broken'),
      /^Invalid connection query: status: /,
    );
  });

  it('keys delete: the key is gone from the list; an unknown key id is one line and exit 1', async () => {
    expect(await json('keys', 'delete', key.id, '--workspace', main)).toEqual({ id: key.id, deleted: true });
    const { data } = await json('keys', 'list', '--workspace', main);
    expect(data.map((entry: { id: string }) => entry.id)).not.toContain(key.id);
    expect(data).toHaveLength(1);
    expectOneLineFailure(await cli('keys', 'delete', key.id, '--workspace', main), 'API key was not found.');
  });

  it('workspaces delete: gone at once with its keys; its connections are left to a running hub', async () => {
    const plain = await cli('workspaces', 'delete', spare);
    expect(plain).toMatchObject({ code: 0, stdout: `Deleted workspace ${spare}: its API keys no longer work.\n` });
    expect(await json('workspaces', 'delete', main)).toEqual({ id: main, deleted: true, connections: 150 });
    expect((await json('workspaces', 'list')).data).toEqual([]);
    const empty = await cli('workspaces', 'list');
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toContain('No workspaces yet');
  });

  it('a deleted or unknown workspace id: one line and exit 1 from every command that takes it', async () => {
    expectOneLineFailure(await cli('workspaces', 'delete', main), 'Workspace was not found.');
    expectOneLineFailure(await cli('keys', 'list', '--workspace', main), 'Workspace was not found.');
    expectOneLineFailure(await cli('connections', 'list', '--workspace', 'no-such-id'), 'Workspace was not found.');
  });
});
