import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, testEngines } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const engines = await testEngines();
const packageDir = fileURLToPath(new URL('../', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

// A fresh process opens a hub on the URL it is given, then reports which database drivers Node loaded.
const script = `
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
console.log(JSON.stringify({
  pg: loaded.some((file) => file.includes('/node_modules/pg/')),
  sqlite: loaded.some((file) => file.includes('/node_modules/better-sqlite3/')),
}));
`;

describe('a hub loads only the database driver its URL names', () => {
  it.each(engines)('%s', async (engine) => {
    const db = createTestDatabase(engine);
    try {
      const output = execFileSync(
        process.execPath,
        ['--conditions=@plugboard/source', '--import', tsx, '--input-type=module', '-e', script],
        {
          cwd: packageDir,
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: db.url, POSTGRES_SCHEMA: db.postgresSchema ?? '' },
        },
      );
      expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({
        pg: engine === 'postgres',
        sqlite: engine === 'sqlite',
      });
    } finally {
      await db.drop();
    }
  });
});
