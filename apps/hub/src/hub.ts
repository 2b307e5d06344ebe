import { createHub, createLogger, type Hub, type HubObserver, type Provider } from '@plugboard/core';
import type { HubConfig } from './config/load.js';
import { ConfigError } from './errors.js';

/** Options of `openHub`. */
export interface OpenHubOptions {
  providers?: Provider<any>[];
  logger?: Hub['logger'];
  /** Hooks that watch the engine (the metrics'). */
  observer?: HubObserver;
  /** Apply pending migrations on open (the default, as `plugboard start` does). */
  migrate?: boolean;
}

/** Creates the engine from a loaded config; its keys must be present (dev mode fills them first). */
export async function openHub(config: HubConfig, options: OpenHubOptions = {}): Promise<Hub> {
  if (config.encryptionKeys.length === 0) {
    throw new ConfigError(config.file, [
      { path: 'encryptionKeys', message: 'required: the server refuses to start without an encryption key' },
    ]);
  }
  return createHub({
    database: config.database,
    databaseTimeouts: config.databaseTimeouts,
    providers: options.providers ?? [],
    encryptionKeys: config.encryptionKeys,
    publicUrl: config.publicUrl,
    adminKey: config.adminKey,
    logger: options.logger ?? createLogger({ level: config.logLevel }),
    migrate: options.migrate,
    observer: options.observer,
    proxy: config.proxy,
    // The server starts it once it listens (startServer); CLI commands that open the hub never run it.
    background: false,
    egress: config.egress,
    webhooks: { maxEndpointsPerWorkspace: config.limits.webhookEndpointsPerWorkspace },
  });
}

/** Opens the engine, runs `work`, and always closes it. */
export async function withHub<T>(
  config: HubConfig,
  work: (hub: Hub) => Promise<T>,
  options?: OpenHubOptions,
): Promise<T> {
  const hub = await openHub(config, options);
  try {
    return await work(hub);
  } finally {
    await hub.close();
  }
}
