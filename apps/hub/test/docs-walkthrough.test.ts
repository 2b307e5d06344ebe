import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { approveSandbox } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.js';
import { freePort, type HubProcess, startHubProcess, writeConfig } from './support/hub-process.js';

// The shell walk-throughs of README.md and docs/getting-started.md, run as written against a real hub: the
// first block (install and start) is the hub this test starts the same way, `localhost:3000` is its port,
// `ADMIN=...` is its printed admin key, and the browser step (open connectUrl, approve) is played over HTTP.
const root = new URL('../../../', import.meta.url);
const START = 'npx -y pnpm@10 install && npx -y pnpm@10 start';
// The README's test command is this very run: checked as written, not run again.
const TEST = 'npx -y pnpm@10 install && npx -y pnpm@10 test';
const BROWSER_STEP = /^# open the returned connectUrl.*$/m;

/** The ```sh blocks of a markdown file, each split at a "# open the returned connectUrl" line. */
function shellSegments(file: string): string[] {
  const markdown = readFileSync(new URL(file, root), 'utf8');
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.split(BROWSER_STEP));
}

describe.each(['README.md', 'docs/getting-started.md'])('the walk-through of %s', (file) => {
  const dir = tempDir();
  let hub: HubProcess;

  beforeAll(async () => {
    const port = await freePort();
    const rootConfig = readFileSync(new URL('plugboard.yaml', root), 'utf8');
    const config = writeConfig(
      dir.root,
      port,
      `database: sqlite:./data/plugboard.db\nencryptionKeys: ["\${PLUGBOARD_ENCRYPTION_KEY}"]\nadminKey: \${PLUGBOARD_ADMIN_KEY}\n${rootConfig.slice(rootConfig.indexOf('providers:'))}`,
    );
    hub = await startHubProcess('dev', config, port, {
      PLUGBOARD_ENCRYPTION_KEY: undefined,
      PLUGBOARD_ADMIN_KEY: undefined,
    });
  }, 60_000);
  afterAll(async () => {
    try {
      await hub?.stop();
    } finally {
      dir.cleanup();
    }
  });

  it('starts with the command the README gives, then runs every block, with its variables set', async () => {
    const [start, ...segments] = shellSegments(file);
    expect(start!.trim()).toBe(START);
    const state = join(dir.root, 'state.sh');
    writeFileSync(state, '');
    const outputs: string[] = [];
    for (const segment of segments) {
      if (segment.trim() === TEST) continue;
      const script = segment
        .replaceAll('localhost:3000', hub.url.replace('http://', ''))
        .replace(/^ADMIN=\.\.\..*$/m, `ADMIN=${hub.adminKey}`);
      // Each block runs in a strict shell (an unset variable fails it) and hands its variables to the next.
      const { stdout: output } = await promisify(execFile)(
        'bash',
        [
          '-c',
          `set -euo pipefail\nsource ${state}\n${script}\ndeclare -p ADMIN WS KEY ID 2>/dev/null > ${state} || true`,
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      outputs.push(output);
      const connectUrl = /"connectUrl":"([^"]+)"/.exec(output)?.[1];
      if (connectUrl) {
        const callback = await approveSandbox(connectUrl, 'Grace Hopper');
        expect(callback.status).toBeLessThan(400);
      }
    }
    if (file === 'README.md') expect(segments.map((segment) => segment.trim())).toContain(TEST);
    const all = outputs.join('\n');
    expect(all).toContain('"connectUrl"');
    expect(all).toContain('"provider":"sandbox"');
    expect(all).toContain('"accountName":"Grace Hopper"');
    expect(all).not.toContain('"error"');
  });
});
