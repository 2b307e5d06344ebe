import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HubProcess, spawnHub } from '@plugboard/testing';

export { api, freePort, type HubProcess } from '@plugboard/testing';

/** The CLI entry point. */
export const bin = fileURLToPath(new URL('../../bin/plugboard.js', import.meta.url));
// The CLI runs from the workspace's TypeScript source, as `plugboard dev` does there (the packaging test in
// apps/release runs the installed, compiled build).
/** Node flags that run the CLI from source. */
export const sourceArgs = ['--conditions=@plugboard/source', '--import', createRequire(import.meta.url).resolve('tsx')];

/** Writes a plugboard.yaml into `dir`, listening on `port`. */
export function writeConfig(dir: string, port: number, rest: string): string {
  const file = join(dir, 'plugboard.yaml');
  writeFileSync(
    file,
    `publicUrl: http://127.0.0.1:${port}\nserver: { host: 127.0.0.1, port: ${port} }\nlogLevel: warn\n${rest}`,
  );
  return file;
}

/** Runs `plugboard <command> --config <file>` from the workspace's source and waits until it serves `/readyz`. */
export function startHubProcess(
  command: 'start' | 'dev',
  config: string,
  port: number,
  env: Record<string, string | undefined> = {},
): Promise<HubProcess> {
  return spawnHub({
    nodeArgs: sourceArgs,
    bin,
    args: [command, '--config', config],
    port,
    env: { ...process.env, ...env },
  });
}
