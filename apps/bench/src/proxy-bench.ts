import { startChild } from './child.js';
import { CONNECTIONS, compare, DURATION_S, figureRows, pairedRatio, ROUNDS } from './load.js';
import { machine, writeSection } from './report.js';

// One run, one process tree: the upstream, the bare proxy and the hub each in their own process, measured one
// after the other by the same load generator, so the ratio compares like with like on this machine today.
const TARGET_RATIO = 0.85;

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
  const { median: ratio, rounds } = pairedRatio(baseline, plugboard);
  const rows = figureRows([direct, baseline, plugboard]);
  const section = `## Proxy throughput

Produced by \`npx -y pnpm@10 --filter @plugboard/bench run bench\` (about two minutes). Each figure comes from one run on
one machine, with the baseline measured in the same run: compare ratios, not absolute numbers across machines.

A small JSON answer from a local upstream, through a bare Node reverse proxy (node:http in, undici out, one header
added) and through the hub's \`GET /v1/connections/:id/proxy/*\` (API-key authentication and scope check, the
connection's credentials, request signing, header filtering, size caps, streamed answer). autocannon, ${CONNECTIONS}
connections; after a 2 s warm-up each, ${ROUNDS} rounds of ${DURATION_S} s alternating which proxy goes first; the
figures are the medians of the rounds, the ratio the median of the per-round ratios. Each server runs in its own process.

| target | requests/s | p50 ms | p99 ms | errors + non-2xx |
|---|---|---|---|---|
${rows}

**Hub / bare proxy throughput: ${ratio.toFixed(2)}**, the median of the rounds' ratios (${rounds.map((r) => r.toFixed(2)).join(', ')}) (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}).

${machine()}
The load generator shares the machine with the servers, as it does in CI.
`;
  writeSection('proxy', section);
  console.log(section);
} finally {
  upstream.stop();
  bare.stop();
  hub.stop();
}
