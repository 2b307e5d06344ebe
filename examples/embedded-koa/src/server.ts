import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHub, type Hub } from '@plugboard/core';
import { createRouter } from '@plugboard/koa';
import sandbox from '@plugboard/provider-sandbox';
import Koa from 'koa';

/** Where the service's own routes end and Plugboard's API begins. */
export const PREFIX = '/integrations';

/** The service: its own routes, and the Plugboard engine with its HTTP API under `/integrations`. */
export interface Service {
  origin: string;
  hub: Hub;
  close(): Promise<void>;
}

/** Starts the service on `port` (0: any free one) with a SQLite database at `database`. */
export async function startService(options: { port: number; database: string }): Promise<Service> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicUrl = `${origin}${PREFIX}`;
  const hub = await createHub({
    database: `sqlite:${options.database}`,
    encryptionKeys: [process.env.PLUGBOARD_ENCRYPTION_KEY ?? randomBytes(32).toString('base64')],
    publicUrl,
    providers: [sandbox({}, { publicUrl })],
    // The sandbox is served by this very service on loopback, which the egress policy refuses by default.
    egress: { allow: ['127.0.0.0/8'] },
  });
  const app = new Koa();
  app.use(createRouter(hub).prefix(PREFIX).routes());
  app.use((ctx) => {
    ctx.body = { service: 'my-app' };
  });
  server.on('request', app.callback());
  return { origin, hub, close: () => stop(server, hub) };
}

async function stop(server: Server, hub: Hub): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await hub.close();
}
