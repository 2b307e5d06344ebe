import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub, type ListConnectionsInput } from '@plugboard/core';
import { createPostgresDatabase, SEED_SHAPE, seedConnections } from '@plugboard/testing';
import { machine, writeSection } from './report.js';

// A page of 100 connections under each documented filter, through the engine's listing (query, rows to the
// API's model), at 10k and 1M connections in one workspace, on SQLite and Postgres. Run alone: it seeds
// millions of rows and keeps both cores busy.
const SIZES = (process.env.LISTING_SIZES ?? '10000,1000000').split(',').map(Number);
const SAMPLES = 300;
const WARMUP = 30;
const TARGET_P95_MS = 10;
const TARGET_RATIO = 2;

type Filter = { name: string; input: (round: number, owners: number) => ListConnectionsInput };

const FILTERS: Filter[] = [
  { name: 'none (newest first)', input: () => ({}) },
  // A different owner each round, so the figure is not one cached page.
  { name: 'ownerId', input: (round, owners) => ({ ownerId: `owner-${(round * 7919) % owners}` }) },
  { name: 'provider', input: (round) => ({ provider: `provider-${round % SEED_SHAPE.providers}` }) },
  { name: 'status=error (3%)', input: () => ({ status: 'error' }) },
  { name: 'shared=true (5%)', input: () => ({ shared: true }) },
  {
    name: 'ownerId + provider',
    input: (round, owners) => {
      const owner = (round * 7919) % owners;
      return { ownerId: `owner-${owner}`, provider: `provider-${owner % SEED_SHAPE.providers}` };
    },
  },
  {
    name: 'provider + status=reauth_required',
    input: (round) => ({ provider: `provider-${round % 10}`, status: 'reauth_required' }),
  },
  { name: 'provider + shared=true', input: (round) => ({ provider: `provider-${round % 10}`, shared: true }) },
  { name: 'tag team (2%)', input: (round) => ({ tag: { team: `team-${round % SEED_SHAPE.teams}` } }) },
  {
    name: 'tag team + tag env=prod',
    input: (round) => ({ tag: { team: `team-${(round * 3) % SEED_SHAPE.teams}`, env: 'prod' } }),
  },
  {
    name: 'ownerId + tag env=prod',
    input: (round, owners) => ({ ownerId: `owner-${(round * 7919) % owners}`, tag: { env: 'prod' } }),
  },
];

interface Figures {
  p50: number;
  p95: number;
  /** The median number of rows a page held: under 100, the filter matched fewer rows than a page. */
  rows: number;
}

async function measure(hub: Hub, workspaceId: string, filter: Filter, owners: number): Promise<Figures> {
  const times: number[] = [];
  const sizes: number[] = [];
  for (let round = 0; round < WARMUP + SAMPLES; round++) {
    const input = { ...filter.input(round, owners), limit: 100 };
    const started = process.hrtime.bigint();
    const page = await hub.connections.list(workspaceId, input);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (page.data.length === 0 && !input.ownerId) throw new Error(`empty page for ${filter.name}`);
    if (round >= WARMUP) {
      times.push(elapsed);
      sizes.push(page.data.length);
    }
  }
  times.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), rows: sizes[Math.floor(sizes.length / 2)]! };
}

/** A fresh database of `size` connections on `engine`, measured under every filter. */
async function run(engine: 'sqlite' | 'postgres', size: number) {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-listing-bench-'));
  const postgres = engine === 'postgres' ? await createPostgresDatabase() : null;
  if (engine === 'postgres' && !postgres) throw new Error('Postgres is unreachable: the listing bench needs it.');
  const database = postgres?.url ?? `sqlite:${join(dir, 'hub.db')}`;
  const hub = await createHub({
    database,
    providers: [],
    encryptionKeys: [randomBytes(32).toString('base64')],
    publicUrl: 'http://127.0.0.1:9',
    background: false,
  });
  try {
    const workspace = await hub.workspaces.create({ name: 'bench' });
    const other = await hub.workspaces.create({ name: 'neighbour' });
    const seeding = Date.now();
    await seedConnections({ url: database }, workspace.id, size);
    // A neighbour workspace, so "the workspace" is never simply "the table".
    await seedConnections({ url: database }, other.id, Math.ceil(size / 10), size);
    const seedSeconds = (Date.now() - seeding) / 1000;
    console.log(`${engine} ${size}: seeded in ${seedSeconds.toFixed(1)} s`);
    const owners = Math.floor(size / SEED_SHAPE.perOwner) + 1;
    const results = new Map<string, Figures>();
    for (const filter of FILTERS) {
      const figures = await measure(hub, workspace.id, filter, owners);
      console.log(`  ${filter.name}: p50 ${figures.p50.toFixed(2)} ms, p95 ${figures.p95.toFixed(2)} ms`);
      results.set(filter.name, figures);
    }
    return { seedSeconds, results };
  } finally {
    await hub.close();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const engines = ['sqlite', 'postgres'] as const;
const tables: string[] = [];
const verdicts: string[] = [];
for (const engine of engines) {
  const bySize = new Map<number, Awaited<ReturnType<typeof run>>>();
  for (const size of SIZES) bySize.set(size, await run(engine, size));
  const small = bySize.get(Math.min(...SIZES))!;
  const large = bySize.get(Math.max(...SIZES))!;
  const header = SIZES.map((size) => `${size.toLocaleString('en')} p50 / p95 ms (rows)`).join(' | ');
  const rows = FILTERS.map((filter) => {
    const cells = SIZES.map((size) => {
      const f = bySize.get(size)!.results.get(filter.name)!;
      return `${f.p50.toFixed(2)} / ${f.p95.toFixed(2)} (${f.rows})`;
    });
    const ratio = large.results.get(filter.name)!.p95 / small.results.get(filter.name)!.p95;
    return `| ${filter.name} | ${cells.join(' | ')} | ${ratio.toFixed(2)} |`;
  });
  const worstP95 = Math.max(...[...large.results.values()].map((f) => f.p95));
  const worstRatio = Math.max(...FILTERS.map((f) => large.results.get(f.name)!.p95 / small.results.get(f.name)!.p95));
  tables.push(`### ${engine === 'sqlite' ? 'SQLite' : 'Postgres'}

Seeding: ${SIZES.map((size) => `${size.toLocaleString('en')} rows (+10% in a neighbour workspace) in ${bySize.get(size)!.seedSeconds.toFixed(1)} s`).join('; ')}.

| filter | ${header} | p95 ratio |
|---|${SIZES.map(() => '---').join('|')}|---|
${rows.join('\n')}`);
  verdicts.push(
    `${engine}: worst p95 at ${Math.max(...SIZES).toLocaleString('en')} ${worstP95.toFixed(2)} ms (target < ${TARGET_P95_MS}: ${worstP95 < TARGET_P95_MS ? 'met' : 'NOT met'}), worst ratio ${worstRatio.toFixed(2)} (target <= ${TARGET_RATIO}: ${worstRatio <= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
}

const section = `## Listing connections

Produced by \`npx -y pnpm@10 --filter @plugboard/bench run bench:listing\` (about ten minutes; \`LISTING_SIZES=10000,100000\`
for a quick run). For each database and size, a fresh database is seeded in bulk (one \`INSERT ... SELECT\` over
\`generate_series\` or a recursive CTE: ${SEED_SHAPE.providers} providers, about ${SEED_SHAPE.perOwner} connections per owner, 90% active /
7% reauth_required / 3% error, one in ${SEED_SHAPE.sharedEvery} shared, each tagged \`team\` (one of ${SEED_SHAPE.teams}) and one in ${SEED_SHAPE.prodEvery} \`env=prod\`), then \`hub.connections.list\` (the query and the mapping to the API's
model; no HTTP) fetches a page of 100, ${SAMPLES} times per filter after ${WARMUP} warm-up calls, one at a time. Owner filters
change owner every call. (rows) is the median page length: where a filter matches fewer than 100 rows, the
page holds them all, so the ratio compares reading every match at the small size with a full page at the large one. Postgres is \`VACUUM ANALYZE\`d after seeding (autovacuum does the same after bulk inserts); SQLite is not.

${tables.join('\n\n')}

${verdicts.map((v) => `- ${v}`).join('\n')}

${machine()}
`;
writeSection('listing', section);
console.log(section);
