import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.js';
import { runCli } from './support/cli.js';
import { freePort, writeConfig } from './support/hub-process.js';

const keys = `encryptionKeys: ["${randomBytes(32).toString('base64')}"]\n`;

// Errors a self-hoster can act on: one line, a non-zero exit, no stack unless --verbose.
describe('failures that end a command', () => {
  it('a port in use: one line naming the port, exit 1; --verbose adds the stack', async () => {
    const dir = tempDir();
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const config = writeConfig(dir.root, port, `database: sqlite:./hub.db\n${keys}`);
      const plain = await runCli(['start', '--config', config]);
      expect(plain.code).toBe(1);
      expect(plain.stderr.trim()).toBe(
        `Port ${port} on 127.0.0.1 is in use: stop the other process, or set server.port.`,
      );
      const verbose = await runCli(['start', '--config', config, '--verbose']);
      expect(verbose.code).toBe(1);
      expect(verbose.stderr).toMatch(/\n\s+at /);
    } finally {
      squatter.close();
      dir.cleanup();
    }
  }, 60_000);

  it('a database nobody answers on: one line saying so, exit 1', async () => {
    const dir = tempDir();
    try {
      const closed = await freePort();
      const config = writeConfig(
        dir.root,
        await freePort(),
        `database: postgres://postgres@127.0.0.1:${closed}/nothing\ndatabaseTimeouts: { connectMs: 1000 }\n${keys}`,
      );
      const result = await runCli(['migrate', '--config', config]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        'Cannot use the database: the server refused the connection (is Postgres running, and on that host and port?)',
      );
    } finally {
      dir.cleanup();
    }
  }, 60_000);
});
