import { execFileSync } from 'node:child_process';
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
 * TypeScript) and answers the JSON on its last line of output: for what only a new process shows, such as the
 * modules it loaded or what a full GC leaves.
 */
export function runFreshScript(code: string, options: FreshScriptOptions = {}): unknown {
  const output = execFileSync(
    process.execPath,
    [...(options.nodeArgs ?? []), '--conditions=@plugboard/source', '--import', tsx, '--input-type=module', '-e', code],
    { cwd: options.cwd, encoding: 'utf8', env: { ...process.env, ...options.env } },
  );
  return JSON.parse(output.trim().split('\n').pop()!);
}
