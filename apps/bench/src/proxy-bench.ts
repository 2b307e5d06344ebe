import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { startChild } from './child.js';
import { writeSection } from './report.js';

// One run, one process tree: the upstream, the bare proxy and the hub each in their own process, measured one
// after the other by the same load generator, so the ratio compares like with like on this machine today.
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TARGET_RATIO = 0.85;

interface Figures {
  name: string;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
}

async function run(url: string, headers: Record<string, string>, duration: number) {
  return autocannon({ url, headers, connections: CONNECTIONS, duration });
}

// Several short rounds, alternating which of the two proxies goes first, and the median of each: one noisy
// second on a shared machine then moves a figure a little instead of deciding the ratio.
async function compare(targets: Array<{ name: string; url: string; headers?: Record<string, string> }>) {
  for (const target of targets) await run(target.url, target.headers ?? {}, 2);
  const samples = new Map<string, Array<Awaited<ReturnType<typeof run>>>>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) samples.get(target.name)!.push(await run(target.url, target.headers ?? {}, DURATION_S));
  }
  return targets.map((target): Figures => {
    const results = samples.get(target.name)!;
    return {
      name: target.name,
      requests: median(results.map((r) => r.requests.average)),
      p50: median(results.map((r) => r.latency.p50)),
      p99: median(results.map((r) => r.latency.p99)),
      errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const upstream = await startChild('./upstream.ts');
const bare = await startChild('./bare-proxy.ts', [upstream.info.url]);
const hub = await startChild('./hub-proxy.ts', [upstream.info.url]);
try {
  const [direct] = await compare([{ name: 'upstream (direct, for reference)', url: `${upstream.info.url}/api/items` }]);
  const [baseline, plugboard] = await compare([
    { name: 'bare Node reverse proxy (node:http + undici)', url: `${bare.info.url}/api/items` },
    {
      name: 'Plugboard proxy (auth, scope, credentials, signing, header hygiene)',
      url: `${hub.info.url}${hub.info.path}`,
      headers: { authorization: `Bearer ${hub.info.key}` },
    },
  ]);
  if (!direct || !baseline || !plugboard) throw new Error('a measurement is missing');
  const ratio = plugboard.requests / baseline.requests;
  const rows = [direct, baseline, plugboard]
    .map((f) => `| ${f.name} | ${Math.round(f.requests)} | ${f.p50} | ${f.p99} | ${f.errors} |`)
    .join('\n');
  const section = `## Proxy throughput

Produced by \`npx -y pnpm@10 --filter @plugboard/bench run bench\` (about two minutes). Each figure comes from one run on
one machine, with the baseline measured in the same run: compare ratios, not absolute numbers across machines.

A small JSON answer from a local upstream, through a bare Node reverse proxy (node:http in, undici out, one header
added) and through the hub's \`GET /v1/connections/:id/proxy/*\` (API-key authentication and scope check, the
connection's credentials, request signing, header filtering, size caps, streamed answer). autocannon, ${CONNECTIONS}
connections; after a 2 s warm-up each, ${ROUNDS} rounds of ${DURATION_S} s alternating which proxy goes first; the
figures are the medians of the rounds. Each server runs in its own process.

| target | requests/s | p50 ms | p99 ms | errors + non-2xx |
|---|---|---|---|---|
${rows}

**Hub / bare proxy throughput: ${ratio.toFixed(2)}** (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}).

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
The load generator shares the machine with the servers, as it does in CI.
`;
  writeSection('proxy', section);
  console.log(section);
} finally {
  upstream.stop();
  bare.stop();
  hub.stop();
}
