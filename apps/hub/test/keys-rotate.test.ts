import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../src/commands/doctor.js';
import type { Io } from '../src/commands/io.js';
import { rotateKeysCommand } from '../src/commands/keys.js';
import { loadConfig } from '../src/config/load.js';
import { withHub } from '../src/hub.js';
import { tempDir, writeFiles } from './fixtures.js';

let dir: { root: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

function capture(): Io & { out: (line: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

describe('plugboard keys rotate', () => {
  it('re-encrypts under the first key, so the old key can go', async () => {
    const config = join(dir.root, 'plugboard.yaml');
    const [a, b] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const write = (keys: string[]) =>
      writeFiles(dir.root, {
        'plugboard.yaml': `publicUrl: http://localhost:3000\nencryptionKeys: ${JSON.stringify(keys)}\ndatabase: sqlite:./hub.db\n`,
      });
    write([a]);
    await withHub(await loadConfig(config), async (hub) => {
      const workspace = await hub.workspaces.create({ name: 'keys' });
      await hub.webhooks.create(workspace.id, { url: 'https://example.com/hook' });
    });

    write([b, a]);
    const rotate = capture();
    expect(await rotateKeysCommand({ config, batchSize: '1' }, rotate)).toBe(0);
    const report = JSON.parse(rotate.lines.join('\n'));
    expect(report).toMatchObject({ rewritten: 1, changedMeanwhile: 0, undecryptable: [] });
    expect(rotate.errors.at(-1)).toContain('the other keys can be removed');

    // Only B now: the doctor opens the stored secret, which only works if it was rewritten under B.
    write([b]);
    const doctor = capture();
    await doctorCommand({ config }, doctor);
    expect(doctor.lines).toContainEqual(expect.stringMatching(/^ok {4}key ring +decrypts all 1 sampled secrets$/));
  });

  it('refuses a batch size that is not a positive whole number', async () => {
    await expect(rotateKeysCommand({ config: 'x.yaml', batchSize: '0' }, capture())).rejects.toThrow(/--batch-size/);
  });
});
