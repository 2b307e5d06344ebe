import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { startChild } from './child.js';

// One run, one process tree: the upstream, the bare proxy and the hub each in their own process, measured one
// after the other by the same load generator, so the ratio compares like with like on this machine today.
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TARGET_RATIO = 0.85;

interface Figures {
  name: string;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Figures> {
  // A short warm-up first: connection pools, JIT and caches fill before the measured run.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
  return {
    name,
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const upstream = await startChild('./upstream.ts');
const bare = await startChild('./bare-proxy.ts', [upstream.info.url]);
const hub = await startChild('./hub-proxy.ts', [upstream.info.url]);
try {
  const direct = await measure('upstream (direct, for reference)', `${upstream.info.url}/api/items`);
  const baseline = await measure('bare Node reverse proxy (node:http + undici)', `${bare.info.url}/api/items`);
  const plugboard = await measure(
    'Plugboard proxy (auth, scope, credentials, signing, header hygiene)',
    `${hub.info.url}${hub.info.path}`,
    {
      authorization: `Bearer ${hub.info.key}`,
    },
  );
  const ratio = plugboard.requests / baseline.requests;
  const rows = [direct, baseline, plugboard]
    .map((f) => `| ${f.name} | ${Math.round(f.requests)} | ${f.p50} | ${f.p99} | ${f.errors} |`)
    .join('\n');
  const page = `# Benchmarks

Produced by \`npx -y pnpm@10 --filter @plugboard/bench run bench\` (about a minute). Each figure comes from one run on
one machine, with the baseline measured in the same run: compare ratios, not absolute numbers across machines.

## Proxy throughput

A small JSON answer from a local upstream, through a bare Node reverse proxy (node:http in, undici out, one header
added) and through the hub's \`GET /v1/connections/:id/proxy/*\` (API-key authentication and scope check, the
connection's credentials, request signing, header filtering, size caps, streamed answer). autocannon, ${CONNECTIONS}
connections, ${DURATION_S} s after a 2 s warm-up, each server in its own process.

| target | requests/s | p50 ms | p99 ms | errors + non-2xx |
|---|---|---|---|---|
${rows}

**Hub / bare proxy throughput: ${ratio.toFixed(2)}** (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}).

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
The load generator shares the machine with the servers, as it does in CI.
`;
  writeFileSync(new URL('../../../docs/benchmarks.md', import.meta.url), page);
  console.log(page);
} finally {
  upstream.stop();
  bare.stop();
  hub.stop();
}
