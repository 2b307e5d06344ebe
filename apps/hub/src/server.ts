import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hub } from '@plugboard/core';
import { createRequestHandler } from '@plugboard/koa';
import type { HubConfig } from './config/load.js';
import { openHub } from './hub.js';
import { loadProviders } from './plugins/loader.js';

/** How long shutdown waits for in-flight requests before cutting their connections. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** A listening hub. */
export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000` (the real port when the config asks for port 0). */
  url: string;
  hub: Hub;
  /** Stops accepting, waits for in-flight requests (up to 10 s), then closes the engine. Safe to call twice. */
  close(): Promise<void>;
}

/** Loads the providers, opens the engine, and serves the HTTP API on the config's host and port. */
export async function startServer(config: HubConfig, options: { logger?: Hub['logger'] } = {}): Promise<RunningServer> {
  const providers = await loadProviders(config, { configDir: config.configDir, publicUrl: config.publicUrl });
  const hub = await openHub(config, { providers, logger: options.logger });
  const server = createServer(createRequestHandler(hub, { logger: hub.logger, mcp: config.mcp }));
  try {
    await listen(server, config.server.port, config.server.host);
  } catch (error) {
    await hub.close();
    throw error;
  }
  hub.background.start(config.background);
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const url = `http://${host}:${port}`;
  hub.logger.info(`plugboard listening on ${url}`);
  let closing: Promise<void> | undefined;
  return {
    url,
    hub,
    close: () => {
      closing ??= shutdown(server, hub);
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function shutdown(server: Server, hub: Hub): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections between requests would hold `close` open; busy ones finish their request first.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_TIMEOUT_MS);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(deadline);
  }
  await hub.close();
}
