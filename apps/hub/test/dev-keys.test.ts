import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/errors.js';
import { ensureDevKeys } from '../src/keys/dev-keys.js';
import { tempDir, writeFiles } from './fixtures.js';

let dir: { root: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
  writeFiles(dir.root, {
    'plugboard.yaml': `publicUrl: http://localhost:3000
encryptionKeys: ["\${PLUGBOARD_ENCRYPTION_KEY}"]
adminKey: \${PLUGBOARD_ADMIN_KEY}
`,
  });
});
afterEach(() => dir.cleanup());

const load = (env: Record<string, string> = {}) => loadConfig(join(dir.root, 'plugboard.yaml'), { env, mode: 'dev' });

describe('ensureDevKeys', () => {
  it('generates keys once into <dataDir>/keys.json (mode 0600) and reuses them afterwards', async () => {
    const first = await ensureDevKeys(await load());
    const file = join(dir.root, 'data', 'keys.json');
    expect(first.file).toBe(file);
    expect(first.generated).toBe(true);
    expect(first.filled).toEqual(['encryptionKeys', 'adminKey']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.config.encryptionKeys).toHaveLength(1);
    expect(Buffer.from(first.config.encryptionKeys[0]!, 'base64')).toHaveLength(32);
    expect(first.config.adminKey!.length).toBeGreaterThanOrEqual(32);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      encryptionKey: first.config.encryptionKeys[0],
      adminKey: first.config.adminKey,
    });

    const second = await ensureDevKeys(await load());
    expect(second.generated).toBe(false);
    expect(second.config.encryptionKeys).toEqual(first.config.encryptionKeys);
    expect(second.config.adminKey).toBe(first.config.adminKey);
  });

  it("keeps the config's own keys and only fills what is missing", async () => {
    const admin = 'x'.repeat(40);
    const result = await ensureDevKeys(await load({ PLUGBOARD_ADMIN_KEY: admin }));
    expect(result.filled).toEqual(['encryptionKeys']);
    expect(result.config.adminKey).toBe(admin);

    const key = Buffer.alloc(32, 3).toString('base64');
    const complete = await ensureDevKeys(await load({ PLUGBOARD_ADMIN_KEY: admin, PLUGBOARD_ENCRYPTION_KEY: key }));
    expect(complete).toMatchObject({ generated: false, filled: [] });
    expect(complete.config.encryptionKeys).toEqual([key]);
  });

  it('refuses a damaged keys file instead of replacing it', async () => {
    writeFiles(dir.root, { 'data/keys.json': JSON.stringify({ encryptionKey: 'c2hvcnQ=', adminKey: 'y'.repeat(40) }) });
    const error = await ensureDevKeys(await load()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('encryptionKey must be 32 bytes');
    writeFileSync(join(dir.root, 'data/keys.json'), '{');
    await expect(ensureDevKeys(await load())).rejects.toThrow(/cannot be read as JSON/);
  });
});
