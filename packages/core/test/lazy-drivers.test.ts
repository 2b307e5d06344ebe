import { fileURLToPath } from 'node:url';
import { createTestDatabase, runFreshScript, testEngines } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const engines = await testEngines();
const packageDir = fileURLToPath(new URL('../', import.meta.url));

// A fresh process opens a hub on the URL it is given, then reports which database drivers Node loaded.
const script = `
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHub } from '@plugboard/core';
const hub = await createHub({
  database: process.env.DATABASE_URL,
  postgresSchema: process.env.POSTGRES_SCHEMA || undefined,
  providers: [],
  encryptionKeys: [Buffer.alloc(32, 3).toString('base64')],
  publicUrl: 'http://127.0.0.1:3000',
  background: false,
});
await hub.close();
const loaded = Object.keys(createRequire(import.meta.url).cache);
writeFileSync(3, JSON.stringify({
  pg: loaded.some((file) => file.includes('/node_modules/pg/')),
  sqlite: loaded.some((file) => file.includes('/node_modules/better-sqlite3/')),
  undici: loaded.some((file) => file.includes('/node_modules/undici/')),
}));
`;

// A fresh process makes the egress policy, then fetches from a loopback server through it: undici loads then.
const egressScript = `
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createEgressPolicy } from '@plugboard/core';
const undiciLoaded = () =>
  Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/node_modules/undici/'));
const server = createServer((req, res) => res.end('pong'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const policy = createEgressPolicy({ allow: ['127.0.0.0/8'] });
try {
  const before = undiciLoaded();
  const answer = await policy.fetch(\`http://127.0.0.1:\${server.address().port}/\`);
  writeFileSync(3, JSON.stringify({ before, body: await answer.text(), after: undiciLoaded() }));
} finally {
  await policy.close();
  server.close();
}
`;

describe('a hub loads only the database driver its URL names, and no HTTP client before it calls out', () => {
  it.each(engines)('%s', async (engine) => {
    const db = createTestDatabase(engine);
    try {
      expect(
        runFreshScript(script, {
          cwd: packageDir,
          env: { DATABASE_URL: db.url, POSTGRES_SCHEMA: db.postgresSchema ?? '' },
        }),
      ).toEqual({
        pg: engine === 'postgres',
        sqlite: engine === 'sqlite',
        undici: false,
      });
    } finally {
      await db.drop();
    }
  });

  it('loads undici with the first outbound request', () => {
    expect(runFreshScript(egressScript, { cwd: packageDir })).toEqual({ before: false, body: 'pong', after: true });
  });
});
