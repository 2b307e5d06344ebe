import { type RunningServer, startServer } from '../server.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';

/** `plugboard start`: serves until SIGTERM or SIGINT; refuses to start without keys. */
export async function startCommand(options: CommandOptions, io: Io): Promise<number> {
  const server = await startServer(await loadCommandConfig({ config: options.config }, io));
  await closeOnSignal(server, io);
  return 0;
}

/** `plugboard dev`: like start, with keys generated into the data folder when the config has none. */
export async function devCommand(options: CommandOptions, io: Io): Promise<number> {
  const config = await loadCommandConfig({ config: options.config, dev: true }, io);
  const server = await startServer(config);
  io.err(`Plugboard dev server: ${config.publicUrl}`);
  await closeOnSignal(server, io);
  return 0;
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
