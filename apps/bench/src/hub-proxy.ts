import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, createLogger, defineProvider } from '@plugboard/core';
import { createRequestHandler } from '@plugboard/koa';
import { z } from 'zod';
import { announce } from './child.js';

// The hub as a self-hoster runs it (SQLite file, the Koa app), with one API-key connection to the upstream.
const upstream = process.argv[2]!;
const provider = defineProvider({
  id: 'bench',
  optionsSchema: z.object({}),
  setup: () => ({ name: 'Bench', auth: { type: 'api_key' }, api: { baseUrl: `${upstream}/api` } }),
})({});

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const hub = await createHub({
  database: `sqlite:${join(mkdtempSync(join(tmpdir(), 'plugboard-bench-')), 'hub.db')}`,
  providers: [provider],
  encryptionKeys: [randomBytes(32).toString('base64')],
  publicUrl: `http://127.0.0.1:${port}`,
  logger: createLogger({ level: 'warn' }),
  background: false,
  // The upstream listens on loopback, which the egress policy refuses by default.
  egress: { allow: ['127.0.0.0/8'] },
});
const workspace = await hub.workspaces.create({ name: 'bench' });
const { key } = await hub.apiKeys.create(workspace.id, { scopes: ['proxy'] });
const connection = await hub.connections.create(workspace.id, {
  provider: 'bench',
  credentials: { type: 'api_key', apiKey: 'bench-api-key' },
});
// The access log is the host's choice; a proxy benchmark measures the proxy, so it is off here.
server.on('request', createRequestHandler(hub, { logger: createLogger({ level: 'warn' }) }));
server.keepAliveTimeout = 60_000;
announce(server, { key, path: `/v1/connections/${connection.id}/proxy/items` });
