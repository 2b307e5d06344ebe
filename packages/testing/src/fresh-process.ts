import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsx = createRequire(import.meta.url).resolve('tsx');

/** How to start the fresh process: its folder (bare imports resolve from it), extra environment and node flags. */
export interface FreshScriptOptions {
  cwd?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

/**
 * Runs an ES module script in a fresh Node process (tsx and the workspace's source condition, so it can import our
 * TypeScript) and answers the JSON the script wrote to file descriptor 3 (`writeFileSync(3, JSON.stringify(x))`):
 * for what only a new process shows, such as the modules it loaded or what a full GC leaves. The result has a
 * channel of its own because stdout is shared with whatever the script starts, e.g. a hub's request log lines,
 * which pino may write after the script's last line.
 */
export function runFreshScript(code: string, options: FreshScriptOptions = {}): unknown {
  const run = spawnSync(
    process.execPath,
    [...(options.nodeArgs ?? []), '--conditions=@plugboard/source', '--import', tsx, '--input-type=module', '-e', code],
    {
      cwd: options.cwd,
      encoding: 'utf8',
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    },
  );
  const result = run.output[3];
  if (run.status !== 0 || !result) {
    throw new Error(
      `the fresh script ${run.status === 0 ? 'wrote nothing to fd 3' : `exited with ${run.status ?? run.signal}`}` +
        `\n${run.stderr}${run.stdout}`,
    );
  }
  return JSON.parse(result);
}
