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

/** A walk-through: a whole file that starts the hub, or one section of a file, run against a hub already up. */
interface Walkthrough {
  file: string;
  /** The section's heading: its ```yaml block lists the providers the hub loads. */
  section?: string;
}

const WALKTHROUGHS: Walkthrough[] = [
  { file: 'README.md' },
  { file: 'docs/getting-started.md' },
  { file: 'docs/connect-flow.md', section: '## Letting the user choose the provider' },
];

/** The walk-through's markdown: the file, or its section up to the next heading of the same level. */
function markdownOf({ file, section }: Walkthrough): string {
  const markdown = readFileSync(new URL(file, root), 'utf8');
  if (!section) return markdown;
  const start = markdown.indexOf(`${section}\n`);
  if (start < 0) throw new Error(`${file} has no section "${section}"`);
  const end = markdown.indexOf('\n## ', start + section.length);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The ```sh blocks of a walk-through, each split at a "# open the returned connectUrl" line. */
function shellSegments(walkthrough: Walkthrough): string[] {
  return [...markdownOf(walkthrough).matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) =>
    match[1]!.split(BROWSER_STEP),
  );
}

/** The providers part of the hub's config: the section's own ```yaml block, else the repository's plugboard.yaml. */
function providersConfig(walkthrough: Walkthrough): string {
  if (walkthrough.section) {
    const yaml = /```yaml\n(providers:[\s\S]*?)```/.exec(markdownOf(walkthrough))?.[1];
    if (!yaml) throw new Error(`${walkthrough.file}: "${walkthrough.section}" has no providers block`);
    return yaml;
  }
  const rootConfig = readFileSync(new URL('plugboard.yaml', root), 'utf8');
  return rootConfig.slice(rootConfig.indexOf('providers:'));
}

describe.each(WALKTHROUGHS)('the walk-through of $file', (walkthrough) => {
  const { file } = walkthrough;
  const dir = tempDir();
  let hub: HubProcess;

  beforeAll(async () => {
    const port = await freePort();
    const config = writeConfig(
      dir.root,
      port,
      `database: sqlite:./data/plugboard.db\nencryptionKeys: ["\${PLUGBOARD_ENCRYPTION_KEY}"]\nadminKey: \${PLUGBOARD_ADMIN_KEY}\n${providersConfig(walkthrough)}`,
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

  it('starts with the command the README gives (a section: on the hub up), then runs every block, with its variables set', async () => {
    const all = shellSegments(walkthrough);
    const segments = walkthrough.section ? all : all.slice(1);
    if (!walkthrough.section) expect(all[0]!.trim()).toBe(START);
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
    const output = outputs.join('\n');
    expect(output).toContain('"connectUrl"');
    expect(output).toContain('"provider":"sandbox"');
    expect(output).toContain('"accountName":"Grace Hopper"');
    expect(output).not.toContain('"error"');
  });
});
