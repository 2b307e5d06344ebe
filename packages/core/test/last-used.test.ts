import { createTestDatabase, startReceiver, type TestDatabase, testEngines } from '@plugboard/testing';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineProvider, type Hub } from '../src/index.js';
import { startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('lastUsedAt from proxied calls on %s', (engine) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let db: TestDatabase;
  let hub: Hub;
  let logs: string[];
  let workspaceId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    // An API-key provider whose API is the receiver.
    const keyed = defineProvider({
      id: 'keyed',
      optionsSchema: z.object({}),
      setup: () => ({
        name: 'Keyed',
        auth: { type: 'api_key' },
        api: { baseUrl: new URL(receiver.url).origin },
      }),
    })({});
    db = createTestDatabase(engine);
    ({ hub, logs } = await startTestHub(db, [keyed]));
    workspaceId = (await hub.workspaces.create({ name: 'usage' })).id;
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
    await receiver.close();
  });

  const connect = () =>
    hub.connections.create(workspaceId, { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'k-1' } });
  const proxied = async (connectionId: string) => {
    const answer = await hub.proxy.forward(workspaceId, connectionId, { method: 'GET', target: '/hooks', headers: {} });
    answer.body.resume();
    return answer.status;
  };
  const lastUsedAt = async (id: string) => (await hub.connections.get(workspaceId, id)).lastUsedAt;

  // Runs SQL on the hub's database from a connection of its own, as another process would.
  async function sql(statements: string[]): Promise<void> {
    if (db.engine === 'sqlite') {
      const file = new SQLite(db.file!);
      try {
        for (const statement of statements) file.exec(statement);
      } finally {
        file.close();
      }
      return;
    }
    const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.postgresSchema}` });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  }

  it('a proxied call answers though its lastUsedAt write fails; the failure is logged', async () => {
    const connection = await connect();
    const failing =
      db.engine === 'sqlite'
        ? [
            `create trigger no_use before update of last_used_at on connections
             begin select raise(abort, 'usage writes refused'); end`,
          ]
        : [
            `create function no_use() returns trigger language plpgsql as
             $$ begin raise exception 'usage writes refused'; end $$`,
            'create trigger no_use before update of last_used_at on connections for each row execute function no_use()',
          ];
    await sql(failing);
    try {
      expect(await proxied(connection.id)).toBe(200);
      await vi.waitFor(() => expect(logs.some((line) => line.includes('could not record a use'))).toBe(true));
      expect(await lastUsedAt(connection.id)).toBeNull();
    } finally {
      await sql(
        db.engine === 'sqlite'
          ? ['drop trigger no_use']
          : ['drop trigger no_use on connections', 'drop function no_use'],
      );
    }
  });

  it.runIf(engine === 'postgres')(
    'a proxied call does not wait for a lastUsedAt write held up by a lock; the write lands once it is released',
    async () => {
      const connection = await connect();
      const locker = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.postgresSchema}` });
      await locker.connect();
      try {
        await locker.query('begin');
        await locker.query('select id from connections where id = $1 for update', [connection.id]);
        // The write queues behind the lock; the call answers anyway (awaiting the write would hang here).
        expect(await proxied(connection.id)).toBe(200);
        expect(await lastUsedAt(connection.id)).toBeNull();
        await locker.query('commit');
        await vi.waitFor(async () => expect(await lastUsedAt(connection.id)).not.toBeNull());
      } finally {
        await locker.query('rollback').catch(() => {});
        await locker.end();
      }
    },
  );
});
