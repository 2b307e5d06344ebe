import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cleanEnv, npm, ROOT, tarballOf } from '../src/pack.js';

// What an embedding team does (docs/embedding.md): its own TypeScript project, strict, exactOptionalPropertyTypes and
// skipLibCheck off, with the engine, the Koa router and the sandbox from the tarballs and the rest from npm.
describe('examples/embedded-koa, installed from the packed tarballs outside the workspace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-embedded-koa-'));

  beforeAll(() => {
    cpSync(join(ROOT, 'examples/embedded-koa'), dir, {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
    });
    const tarballs = inject('tarballs');
    npm(dir, ['install', ...['core', 'koa', 'provider-sandbox'].map((name) => tarballOf(tarballs, name))]);
  }, 600_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('type-checks our declarations under its strict tsconfig, then runs the connect flow and a proxied call with plain node', () => {
    const tsc = execFileSync(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      cwd: dir,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(tsc).toBe('');
    const output = execFileSync(process.execPath, ['dist/main.js'], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    const results = output
      .split('\n')
      .filter((line) => line.startsWith('{"connection"'))
      .map((line) => JSON.parse(line));
    expect(results).toEqual([
      { connection: expect.any(String), status: 'active', me: expect.objectContaining({ name: 'Ada Lovelace' }) },
    ]);
  });
});
