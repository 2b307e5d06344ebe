import { createTestDatabase, SEED_SHAPE, seedConnections, type TestDatabase, testEngines } from '@plugboard/testing';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionPageQuery } from '../src/connections/listing.js';
import type { ListConnectionsInput } from '../src/hub-types.js';
import { migrateStore, openStore, type Store } from '../src/store/database.js';

const engines = await testEngines();
const workspaceId = 'w-listing';

// Each documented filter, alone and in the combinations an app uses, with the index its page should come from
// (null: any of the listing indexes will do). Unfiltered, the page must come from (workspace_id, id): the primary
// key read backward would first walk past every newer row of the neighbour workspace.
const cases: Array<{ name: string; filters: ListConnectionsInput; index: string | RegExp | null }> = [
  { name: 'no filter', filters: {}, index: 'connections_workspace_id' },
  { name: 'owner', filters: { ownerId: 'owner-42' }, index: 'connections_workspace_owner_id' },
  { name: 'provider', filters: { provider: 'provider-3' }, index: 'connections_workspace_provider' },
  { name: 'status', filters: { status: 'error' }, index: 'connections_workspace_status' },
  { name: 'shared', filters: { shared: true }, index: 'connections_workspace_shared' },
  { name: 'owner + provider', filters: { ownerId: 'owner-42', provider: 'provider-2' }, index: null },
  { name: 'tag', filters: { tag: { team: 'team-7' } }, index: 'connection_tags_lookup' },
  { name: 'two tags', filters: { tag: { team: 'team-7', env: 'prod' } }, index: 'connection_tags_lookup' },
  { name: 'tag + provider', filters: { tag: { team: 'team-7' }, provider: 'provider-3' }, index: null },
  {
    name: 'tag + owner',
    filters: { tag: { env: 'prod', team: 'team-42' }, ownerId: 'owner-42' },
    index: 'connections_workspace_owner_id',
  },
  { name: 'provider + status', filters: { provider: 'provider-3', status: 'reauth_required' }, index: null },
  { name: 'provider + shared', filters: { provider: 'provider-3', shared: 'true' }, index: null },
  {
    name: 'a later page',
    filters: {
      status: 'error',
      cursor: Buffer.from(`01900000-0000-7000-8000-${'0'.repeat(8)}0fff`).toString('base64url'),
    },
    index: 'connections_workspace_status',
  },
];

describe.each(engines)('listing query plans on %s', (engine) => {
  let db: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    db = createTestDatabase(engine);
    store = openStore(db.url, { postgresSchema: db.postgresSchema });
    await migrateStore(store, { postgresSchema: db.postgresSchema });
    const now = new Date().toISOString();
    for (const id of [workspaceId, 'w-other']) {
      await store.db
        .insertInto('workspaces')
        .values({
          id,
          name: id,
          allowed_return_origins: '[]',
          allowed_redirect_uris: '[]',
          shared_providers: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    // Enough rows that a scan costs more than an index read, in two workspaces.
    await seedConnections(db, workspaceId, 20_000);
    await seedConnections(db, 'w-other', 5_000, 20_000);
  });
  afterAll(async () => {
    await store?.db.destroy();
    await db?.drop();
  });

  async function plan(filters: ListConnectionsInput): Promise<string> {
    const compiled = connectionPageQuery(store.db, workspaceId, filters).select.compile();
    const explain = engine === 'sqlite' ? 'explain query plan ' : 'explain ';
    const result = await store.db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]),
    );
    return result.rows.map((row) => String(row.detail ?? row['QUERY PLAN'])).join('\n');
  }

  it.each(cases)('reads a page filtered by $name from an index', async ({ filters, index }) => {
    const text = await plan(filters);
    if (engine === 'sqlite') {
      // SEARCH ... USING INDEX: a range read; no full SCAN of the table and no sort of the matches. A tag filter
      // reads the tag index, newest connection first, and each row by its key.
      expect(text).toMatch(
        filters.tag && !filters.ownerId
          ? /SEARCH tag0 USING COVERING INDEX connection_tags_lookup/
          : /SEARCH connections USING (COVERING )?INDEX connections_workspace_/,
      );
      expect(text).not.toMatch(/SCAN connections|SCAN tag|TEMP B-TREE/);
    } else {
      expect(text).toMatch(/Index Scan|Bitmap Index Scan/);
      expect(text).toMatch(
        filters.tag && !filters.ownerId ? /connection_tags_lookup/ : /connections_(workspace_|pkey)/,
      );
      expect(text).not.toContain('Seq Scan');
    }
    if (index) expect(text).toMatch(index);
  });

  it('answers the filtered pages the plans read (seeded shape)', async () => {
    const rows = async (filters: ListConnectionsInput) =>
      (await connectionPageQuery(store.db, workspaceId, { ...filters, limit: 100 }).select.execute()).slice(0, 100);
    const shared = await rows({ shared: true });
    expect(shared).toHaveLength(100);
    expect(shared.every((row) => row.shared === 1 && row.owner_id === null)).toBe(true);
    const perUser = await rows({ shared: 'false', provider: 'provider-1' });
    expect(perUser.every((row) => row.shared === 0 && row.provider === 'provider-1')).toBe(true);
    const owned = await rows({ ownerId: 'owner-42' });
    expect(owned.length).toBeGreaterThan(0);
    expect(owned.length).toBeLessThanOrEqual(SEED_SHAPE.perOwner + 1);
    expect(owned.every((row) => row.owner_id === 'owner-42' && row.workspace_id === workspaceId)).toBe(true);
    const ownedTagged = await rows({ ownerId: 'owner-42', tag: { env: 'prod' } });
    expect(ownedTagged.length).toBeGreaterThan(0);
    expect(ownedTagged.every((row) => row.owner_id === 'owner-42' && JSON.parse(row.tags).env === 'prod')).toBe(true);
    const tagged = await rows({ tag: { team: 'team-7', env: 'prod' } });
    expect(tagged).toHaveLength(100);
    expect(tagged.every((row) => JSON.parse(row.tags).team === 'team-7' && JSON.parse(row.tags).env === 'prod')).toBe(
      true,
    );
    expect(tagged.map((row) => row.id)).toEqual(
      tagged
        .map((row) => row.id)
        .sort()
        .reverse(),
    );
  });
});
