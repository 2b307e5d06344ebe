import { createLogger } from '@plugboard/core';
import { describeDatabase } from '../config/database.js';
import { refusedDevOnlyProviders } from '../config/dev-only.js';
import type { HubConfig } from '../config/load.js';
import { ConfigError } from '../errors.js';
import { type RunningServer, startServer } from '../server.js';
import { version } from '../version.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';

/** `plugboard start`: serves until SIGTERM or SIGINT, logging JSON lines; refuses to start without keys, or with the sandbox unless allowed. */
export async function startCommand(options: CommandOptions, io: Io): Promise<number> {
  const config = await loadCommandConfig({ config: options.config }, io);
  const refused = refusedDevOnlyProviders(config);
  if (refused.length > 0) throw new ConfigError(config.file, refused);
  const server = await startServer(config);
  describeStart(config, server, 'start', io);
  await closeOnSignal(server, io);
  return 0;
}

/** `plugboard dev`: like start, with readable logs and keys generated into the data folder when the config has none. */
export async function devCommand(options: CommandOptions, io: Io): Promise<number> {
  const config = await loadCommandConfig({ config: options.config, dev: true }, io);
  const server = await startServer(config, { logger: await readableLogger(config.logLevel) });
  describeStart(config, server, 'dev', io);
  await closeOnSignal(server, io);
  return 0;
}

// pino-pretty is loaded by `dev` only: `start` logs JSON lines and never pays for it.
async function readableLogger(level: string) {
  const { default: pretty } = await import('pino-pretty');
  return createLogger({ level, destination: pretty({ ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }) });
}

/** What a first run needs to know: what runs, from which config and database, with which providers, and what next. */
function describeStart(config: HubConfig, server: RunningServer, mode: 'start' | 'dev', io: Io): void {
  const providers = server.hub.providers.list().map((provider) => provider.id);
  io.err(`Plugboard ${version()} (${mode}) serving ${config.publicUrl} (listening on ${server.url})`);
  io.err(`  config     ${config.file}`);
  io.err(`  database   ${describeDatabase(config.database)}`);
  io.err(
    `  providers  ${providers.length === 0 ? 'none (add some under providers: in the config)' : providers.join(', ')}`,
  );
  io.err(`  API        ${config.publicUrl}/openapi.json`);
  io.err(
    `  next       ADMIN=<the admin key>; curl -s -XPOST ${config.publicUrl}/v1/workspaces -H "authorization: Bearer $ADMIN" ` +
      `-H 'content-type: application/json' -d '{"name":"demo"}'   (then docs/getting-started.md)`,
  );
}

/** Resolves once the server has shut down after SIGTERM or SIGINT; a second signal kills the process at once. */
export function closeOnSignal(server: RunningServer, io: Io): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      io.err(`${signal}: finishing in-flight requests, then shutting down`);
      server.close().then(() => {
        // Everything is closed; a socket a plugin or a late refresh left open must not hold the exit past a second.
        setTimeout(() => process.exit(), 1_000).unref();
        resolve();
      }, reject);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
