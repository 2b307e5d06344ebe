import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type Hub,
  isPlugboardError,
  PlugboardError,
  type Provider,
  ProviderError,
  readProviderJson,
  ValidationError,
} from '../src/index.js';
import { startTestHub } from './support/hub.js';

type Core = typeof import('../src/index.js');

// A plugin that bundles its own copy of core: a second copy of the source, loaded as separate modules, so its
// error classes and symbols are not ours. The copy sits inside the package so its own imports (zod) resolve.
describe('errors from a plugin that bundles its own copy of core', () => {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  let copyDir: string;
  let second: Core;
  let api: Server;
  let origin: string;
  let db: TestDatabase;
  let hub: Hub;
  let workspaceId: string;

  const bundled = (core: Core): Provider<any> =>
    core.defineProvider({
      id: 'bundled',
      optionsSchema: z.object({ origin: z.string() }),
      setup: (options) => ({
        name: 'Bundled',
        auth: {
          type: 'api_key',
          async verify({ credentials, fetch }) {
            if (credentials.type !== 'api_key') throw new Error('not a key');
            if (credentials.apiKey === 'down') throw new core.ProviderError('provider_timeout', 'The API is down.');
            const me = await core.readProviderJson(fetch, '/me', z.object({ id: z.string() }), {
              what: 'check the key',
            });
            return { id: me.id, name: 'From verify' };
          },
        },
        api: { baseUrl: `${options.origin}/api` },
        actions: {
          throttled: {
            description: 'Always rate limited.',
            annotations: { readOnly: true },
            input: z.object({}),
            output: z.object({}),
            async run() {
              throw new core.ProviderError('rate_limited', 'Slow down.', { status: 429 });
            },
          },
        },
      }),
    })({ origin });

  beforeAll(async () => {
    copyDir = mkdtempSync(join(packageDir, 'test', '.second-core-'));
    cpSync(join(packageDir, 'src'), join(copyDir, 'src'), { recursive: true });
    second = (await import(pathToFileURL(join(copyDir, 'src', 'index.ts')).href)) as Core;
    api = createServer((req, res) => {
      const key = req.headers.authorization?.replace(/^Bearer /, '');
      res.writeHead(key === 'good-key' ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(key === 'good-key' ? { id: 'acct-1' } : { error: 'invalid_api_key' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    db = createTestDatabase('sqlite');
    ({ hub } = await startTestHub(db, [bundled(second)]));
    workspaceId = (await hub.workspaces.create({ name: 'bundled' })).id;
  });
  afterAll(async () => {
    await hub?.close();
    await db?.drop();
    await new Promise((resolve) => api?.close(resolve));
    if (copyDir) rmSync(copyDir, { recursive: true, force: true });
  });

  it('is really a second copy, whose errors our classes still recognise by their brand', () => {
    expect(second.ProviderError).not.toBe(ProviderError);
    const foreign = new second.ProviderError('reauth_required', 'gone');
    expect(isPlugboardError(foreign)).toBe(true);
    expect(foreign).toBeInstanceOf(PlugboardError);
    expect(foreign).toBeInstanceOf(ProviderError);
    expect(foreign).not.toBeInstanceOf(ValidationError);
    expect(isPlugboardError(new Error('plain'))).toBe(false);
    expect(isPlugboardError({ code: 'not_found' })).toBe(false);
  });

  it('a hook error keeps its code, and the engine names the provider on it', async () => {
    const error = await hub.connections
      .create(workspaceId, { provider: 'bundled', credentials: { type: 'api_key', apiKey: 'down' } })
      .catch((caught: unknown) => caught);
    expect(isPlugboardError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'provider_timeout', provider: 'bundled', message: 'The API is down.' });
  });

  it("readProviderJson from the plugin's copy classifies a 401 as reauth_required, with the provider's id", async () => {
    const error = await hub.connections
      .create(workspaceId, { provider: 'bundled', credentials: { type: 'api_key', apiKey: 'bad-key' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'reauth_required', provider: 'bundled', status: 401 });
    expect((error as Error).message).toBe('Could not check the key: Bundled answered 401 (invalid_api_key).');
  });

  it('verify may answer the account, and an action error keeps its code', async () => {
    const connection = await hub.connections.create(workspaceId, {
      provider: 'bundled',
      credentials: { type: 'api_key', apiKey: 'good-key' },
    });
    expect(connection).toMatchObject({ accountId: 'acct-1', accountName: 'From verify' });
    const error = await hub.connections
      .runAction(workspaceId, connection.id, 'throttled', {})
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'rate_limited', provider: 'bundled', status: 429 });
  });
});

describe('readProviderJson', () => {
  it('without an engine fetch, applies the default classes and names no provider', async () => {
    const fetch = async () => new Response('{"message":"slow"}', { status: 429 });
    const error = await readProviderJson(fetch, '/x', z.unknown()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'rate_limited', provider: '', status: 429 });
    const odd = async () => new Response('{"id":1}', { status: 200 });
    await expect(readProviderJson(odd, '/x', z.object({ id: z.string() }))).rejects.toMatchObject({
      code: 'provider_error',
      message: 'Could not call /x: The provider answered an unexpected body.',
    });
  });
});
