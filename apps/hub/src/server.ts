import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Hub, registerSecret } from '@plugboard/core';
import { createApiServer, createMetrics, createRequestHandler } from '@plugboard/koa';
import type { HubConfig } from './config/load.js';
import { openHub } from './hub.js';
import { isLandingRequest, serveLanding } from './landing.js';
import { loadProviders } from './plugins/loader.js';
import { version } from './version.js';

/** How long shutdown lets in-flight requests finish by default (`server.shutdownGraceMs`). */
export const SHUTDOWN_GRACE_MS = 10_000;

/** A listening hub. */
export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000` (the real port when the config asks for port 0). */
  url: string;
  hub: Hub;
  /**
   * Stops accepting, lets in-flight requests (proxied calls included) finish within the grace period, then cuts
   * what is left, destroys outstanding upstream requests and closes the engine. Safe to call twice.
   */
  close(): Promise<void>;
}

/** Loads the providers, opens the engine, and serves the HTTP API on the config's host and port. */
export async function startServer(config: HubConfig, options: { logger?: Hub['logger'] } = {}): Promise<RunningServer> {
  const providers = await loadProviders(config, {
    configDir: config.configDir,
    publicUrl: config.publicUrl,
    encryptionKey: config.encryptionKeys[0],
  });
  const metrics = config.metrics.enabled ? createMetrics() : undefined;
  registerSecret(config.metrics.token);
  const hub = await openHub(config, { providers, logger: options.logger, observer: metrics?.observer });
  const api = createRequestHandler(hub, {
    logger: hub.logger,
    mcp: config.mcp,
    metrics: metrics && { metrics, token: config.metrics.token },
  });
  const hubVersion = version();
  const server = createApiServer((req, res) =>
    isLandingRequest(req) ? serveLanding(res, config.publicUrl, hubVersion) : api(req, res),
  );
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
      closing ??= shutdown(server, hub, config.server.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
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

async function shutdown(server: Server, hub: Hub, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  // No new passes start while requests drain; hub.close waits for a pass under way, within the deadline.
  void hub.background.stop();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections between requests would hold `close` open; busy ones finish their request first.
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  let cut: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => {
    cut = setTimeout(resolve, graceMs);
  });
  try {
    await Promise.race([closed, graceOver]);
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
  // Past the grace period: callers still waiting are cut, and their upstream requests destroyed below.
  server.closeAllConnections();
  await hub.close({ timeoutMs: Math.max(0, deadline - Date.now()) });
}
