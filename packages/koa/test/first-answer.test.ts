import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFreshScript } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../', import.meta.url));

// A fresh process serves the API as the hub does, answers a JSON route and a JSON error over node:http (not fetch,
// which would load what is measured), then reports whether Node compiled its built-in fetch.
const script = `
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createHub } from '@plugboard/core';
import { createApiServer, createRequestHandler } from '@plugboard/koa';
const hub = await createHub({
  database: process.env.DATABASE_URL,
  providers: [],
  encryptionKeys: [Buffer.alloc(32, 3).toString('base64')],
  publicUrl: 'http://127.0.0.1:3000',
  background: false,
});
const server = createApiServer(createRequestHandler(hub));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const get = (path) =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.address().port, path }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: JSON.parse(body) }));
    }).on('error', reject).end();
  });
try {
  const answers = [await get('/healthz'), await get('/v1/workspaces')];
  const fetchLoaded = process.moduleLoadList.includes('NativeModule internal/deps/undici/undici');
  writeFileSync(3, JSON.stringify({ answers, fetchLoaded }));
} finally {
  server.close();
  await hub.close();
}
`;

describe("a fresh hub's first answers", () => {
  it('are JSON written as text: they do not make Node compile its built-in fetch (~40 ms)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-first-answer-'));
    try {
      const json = 'application/json; charset=utf-8';
      expect(
        runFreshScript(script, { cwd: packageDir, env: { DATABASE_URL: `sqlite:${join(dir, 'hub.db')}` } }),
      ).toEqual({
        answers: [
          { status: 200, type: json, body: { status: 'ok' } },
          { status: 401, type: json, body: expect.objectContaining({ error: 'unauthorized' }) },
        ],
        fetchLoaded: false,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
