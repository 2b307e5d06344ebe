import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type HubProcess, spawnHub } from '@plugboard/testing';
import { expect } from 'vitest';
import { cleanEnv } from '../../src/pack.js';

/**
 * Runs `node_modules/.bin/plugboard start --config plugboard.yaml` in a config folder, the bin itself as the docs
 * and the Dockerfile do: its shebang starts plain node with the hub's flags.
 */
export function startInstalledHub(
  configDir: string,
  port: number,
  env: Record<string, string | undefined> = cleanEnv(),
): Promise<HubProcess> {
  return spawnHub({
    direct: true,
    bin: join(configDir, 'node_modules/.bin/plugboard'),
    args: ['start', '--config', 'plugboard.yaml'],
    cwd: configDir,
    port,
    env,
  });
}

/** Stops the hub (it must exit 0), and deletes the test's temp folder whatever happened. */
export async function stopAndClean(hub: HubProcess | undefined, root: string): Promise<void> {
  try {
    if (hub) expect(await hub.stop()).toBe(0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
