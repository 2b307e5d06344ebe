import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../src/commands/doctor.js';
import type { Io } from '../src/commands/io.js';
import { migrateCommand } from '../src/commands/migrate.js';
import { tempDir, writeFiles } from './fixtures.js';

let dir: { root: string; cleanup: () => void };
let config: string;
beforeEach(() => {
  dir = tempDir();
  config = join(dir.root, 'plugboard.yaml');
});
afterEach(() => dir.cleanup());

function capture(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: () => undefined };
}

describe('plugboard doctor', () => {
  it('prints a line per check and fails until the database is migrated', async () => {
    writeFiles(dir.root, {
      'plugboard.yaml': `publicUrl: http://localhost:3000
providers:
  - use: "@plugboard/provider-sandbox"
`,
    });
    const before = capture();
    expect(await doctorCommand({ config, dev: true }, before)).toBe(1);
    expect(before.lines[0]).toMatch(/^ok {4}config +.*plugboard\.yaml$/);
    expect(before.lines[1]).toMatch(/^ok {4}keys +1 encryption key\(s\) of 32 bytes, admin key of \d+ characters$/);
    expect(before.lines[2]).toMatch(/^ok {4}providers\[0\] +@plugboard\/provider-sandbox -> sandbox \(Sandbox\)$/);
    expect(before.lines[3]).toMatch(/^FAIL {2}database +sqlite:.* does not answer, or its tables are missing$/);
    expect(before.lines[4]).toContain('-> run plugboard migrate');

    const migrate = capture();
    expect(await migrateCommand({ config, dev: true }, migrate)).toBe(0);
    expect(migrate.lines[0]).toMatch(/applied \d+ migration\(s\)/);

    const after = capture();
    expect(await doctorCommand({ config, dev: true }, after)).toBe(0);
    expect(after.lines.at(-1)).toMatch(/^ok {4}database +sqlite:.*plugboard\.db answers$/);
  });

  it('reports each broken plugin with what to do, and a broken config alone', async () => {
    writeFiles(dir.root, {
      'plugboard.yaml': `publicUrl: http://localhost:3000
providers:
  - use: "@acme/plugboard-provider-nowhere"
  - use: "@plugboard/provider-sandbox"
    options: { tokenTtlSeconds: -5 }
`,
    });
    const io = capture();
    expect(await doctorCommand({ config, dev: true }, io)).toBe(1);
    const text = io.lines.join('\n');
    expect(text).toMatch(
      /FAIL {2}providers\[0\] +providers\[0\]\.use: package "@acme\/plugboard-provider-nowhere" is not installed/,
    );
    expect(text).toContain('-> install the package next to the config file');
    expect(text).toMatch(/FAIL {2}providers\[1\] +Invalid options for "@plugboard\/provider-sandbox":/);
    expect(text).toContain('providers[1].options.tokenTtlSeconds:');

    writeFiles(dir.root, { 'plugboard.yaml': 'publicUrl: http://localhost:3000/\n' });
    const bad = capture();
    expect(await doctorCommand({ config }, bad)).toBe(1);
    expect(bad.lines[0]).toMatch(/^FAIL {2}config/);
    expect(bad.lines.join('\n')).toContain('publicUrl: must not end with a slash');
    expect(bad.lines.join('\n')).toContain('encryptionKeys: required: the server refuses to start');
  });
});
