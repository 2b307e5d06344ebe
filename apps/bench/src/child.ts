import { fork } from 'node:child_process';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';

/** What a benchmark process tells its parent once it listens. */
export interface Announcement {
  url: string;
  [field: string]: string;
}

/** Tells the parent where this process listens (and anything else it needs), over the IPC channel. */
export function announce(server: Server, extra: Record<string, string>): void {
  const { port } = server.address() as { port: number };
  process.send?.({ url: `http://127.0.0.1:${port}`, ...extra } satisfies Announcement);
}

/** Starts one of the benchmark's processes (a .ts file next to this one, run through tsx) and waits for it to listen. */
export function startChild(
  file: string,
  args: string[] = [],
): Promise<{ info: Announcement; pid: number; stop(): void }> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    execArgv: ['--conditions=@plugboard/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before listening`)));
    child.once('message', (info) => resolve({ info: info as Announcement, pid: child.pid!, stop: () => child.kill() }));
  });
}
