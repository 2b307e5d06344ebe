import { spawn } from 'node:child_process';
import { run } from '../../src/cli.js';
import { bin, sourceArgs } from './hub-process.js';

/** What a CLI run printed, and its exit code. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `plugboard <args>` from the workspace's source to its end, in a process of its own. */
export function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...sourceArgs, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `plugboard <args>` inside the test's process: the bin's own `run`, the same parsing, commands and failure
 * lines, with stdout and stderr captured and the exit code it sets read back (and the test process's restored).
 * A spawned CLI loads the whole source through tsx, seconds each on a busy machine; suites that run dozens of
 * commands use this, and `runCli` keeps the process boundary covered.
 */
export async function runCommand(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await run(['node', 'plugboard', ...args], {
      out: (line) => {
        stdout += `${line}\n`;
      },
      err: (line) => {
        stderr += `${line}\n`;
      },
    });
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.exitCode = previous;
  }
}
