import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

// Below Linux's ephemeral range (32768-60999 by default): the kernel never hands these out as the source port of an
// outgoing connection, which a port from listen(0) can become in the moment between this check and the hub's
// own listen (a test's clients, a database pool and a browser all connect meanwhile).
const FIRST_PORT = 20_000;
const PORTS = 12_000;

/**
 * A free loopback port (the hub needs its port before it starts: publicUrl names it), picked at random below the
 * ephemeral range and checked by listening on it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = FIRST_PORT + Math.floor(Math.random() * PORTS);
    if (await canListen(port)) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A `plugboard` CLI process, as a self-hoster runs it. */
export interface HubProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** The admin key `plugboard dev` printed on its first run, if it printed one. */
  adminKey: string | undefined;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** How to spawn the CLI: node's own arguments, then the bin and its arguments (`start --config ...`). */
export interface HubProcessOptions {
  /** The node arguments before the bin, e.g. tsx's loader inside the workspace; none for an installed build. */
  nodeArgs?: string[];
  /**
   * Run the bin itself, as a shell or npx does: its shebang picks node and node's flags (no `nodeArgs` then).
   * Otherwise `node [nodeArgs] bin`.
   */
  direct?: boolean;
  bin: string;
  args: string[];
  port: number;
  /** The child's whole environment (undefined values are left out); the parent's when absent. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Spawns `node [nodeArgs] bin args` (or `bin args`) and waits until it serves `/readyz`; kills it when it never does. */
export async function spawnHub(options: HubProcessOptions): Promise<HubProcess> {
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  if (options.direct && options.nodeArgs?.length) throw new Error('a bin run directly takes no node arguments');
  const [command, ...args] = options.direct
    ? [options.bin, ...options.args]
    : [process.execPath, ...(options.nodeArgs ?? []), options.bin, ...options.args];
  const child = spawn(command!, args, {
    env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`plugboard ${options.args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`plugboard ${options.args.join(' ')} did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    adminKey: /Admin key \(shown once[^)]*\): (\S+)/.exec(output)?.[1],
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Calls a hub's API with a bearer key and a JSON body; never follows redirects. */
export async function api(base: string, method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
