import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/plugboard.js', import.meta.url));

/** A free loopback port (the hub needs its port before it starts: publicUrl names it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Writes a plugboard.yaml into `dir`, listening on `port`. */
export function writeConfig(dir: string, port: number, rest: string): string {
  const file = join(dir, 'plugboard.yaml');
  writeFileSync(
    file,
    `publicUrl: http://127.0.0.1:${port}\nserver: { host: 127.0.0.1, port: ${port} }\nlogLevel: warn\n${rest}`,
  );
  return file;
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

/** Runs `plugboard <command> --config <file>` and waits until it serves `/readyz`. */
export async function startHubProcess(
  command: 'start' | 'dev',
  config: string,
  port: number,
  env: Record<string, string | undefined> = {},
): Promise<HubProcess> {
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, [bin, command, '--config', config], {
    env: merged,
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
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`plugboard ${command} exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`plugboard ${command} did not become ready:\n${output}`);
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
