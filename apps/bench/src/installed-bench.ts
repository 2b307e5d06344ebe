import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, installServer, packRelease, useLocalPrebuilds } from '@plugboard/release/pack';
import { api, bundledProvidersYaml, freePort, spawnHub } from '@plugboard/testing';
import { startChild } from './child.js';
import { CONNECTIONS, compare, cpuPerRequest, DURATION_S, figureRows, median, pairedRatio, ROUNDS } from './load.js';
import { machine, writeSection } from './report.js';

// The release as a self-hoster installs it (the tarballs, plain npm, `plugboard start` on plain node), measured
// against the targets of issue 9: spawn to /healthz, idle memory, and the proxy against a bare Node proxy.
const STARTS = Number(process.env.BENCH_STARTS ?? 7);
const TARGETS = { startMs: 1000, rssMb: 100, ratio: 0.9, importMs: 250 };
const IDLE_MS = 3000;
// Requests per second for the CPU-per-call rounds: well under what either proxy serves at saturation here.
const CPU_RATE = Number(process.env.BENCH_CPU_RATE ?? 3000);
const ADMIN_KEY = `bench-admin-${randomBytes(16).toString('hex')}`;

// Every bundled plugin, as docs/configuration.md writes them, and one API-key provider pointed at the upstream.
function config(port: number, upstream: string): string {
  return `publicUrl: http://127.0.0.1:${port}
server: { host: 127.0.0.1, port: ${port} }
logLevel: warn
database: sqlite:./data/hub.db
encryptionKeys: ["${randomBytes(32).toString('base64')}"]
adminKey: ${ADMIN_KEY}
allowSandbox: true
egress: { allow: ["127.0.0.0/8"] }
${bundledProvidersYaml([`{ use: "@plugboard/provider-catalog", provider: stripe, id: bench, options: { apiBaseUrl: "${upstream}/api" } }`])}`;
}

// The hub's CPU per call against the bare proxy's, in words: a noisy run can put the hub below it.
function cpuGap(bare: number, hub: number): string {
  return `${Math.abs(hub - bare).toFixed(1)} us ${hub >= bare ? 'more' : 'less'}`;
}

interface Start {
  ms: number;
  rssMb: number;
}

// Spawns a server, polls /healthz every 5 ms until it answers 200, waits while it idles, reads its RSS, stops it.
async function timeStart(command: string[], port: number, cwd: string): Promise<Start> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd, env: cleanEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (answer) => answer.ok,
        () => false,
      );
      if (healthy) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { ms, rssMb: rssMb(child) };
  } finally {
    await stop(child);
  }
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// How long `await import(specifier)` takes in a fresh node process in the config folder (issue 16: the core
// package an embedder imports).
function timeImport(specifier: string, cwd: string): number {
  const script = `const t = performance.now(); await import('${specifier}'); console.log(performance.now() - t);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, env: cleanEnv() }).toString(),
  );
}

function summarize(starts: Start[]): Start {
  return { ms: median(starts.map((s) => s.ms)), rssMb: median(starts.map((s) => s.rssMb)) };
}

const root = mkdtempSync(join(tmpdir(), 'plugboard-bench-installed-'));
const upstream = await startChild('./upstream.ts');
const bare = await startChild('./bare-proxy.ts', [upstream.info.url]);
try {
  const configDir = join(root, 'plugboard');
  useLocalPrebuilds(join(root, 'prebuilds'));
  const bin = installServer(packRelease(join(root, 'tarballs')), configDir);
  const port = await freePort();
  writeFileSync(join(configDir, 'plugboard.yaml'), config(port, upstream.info.url));
  // The bin itself, as a shell, npx or the service files run it.
  const hubCommand = [bin, 'start', '--config', 'plugboard.yaml'];
  // A bare node:http server: what starting any Node process that listens costs on this machine.
  const nodeCommand = [
    process.execPath,
    '-e',
    `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`,
  ];

  const startLoad = loadAverage();
  // The first start creates the database and runs the migrations; it is reported, not counted.
  const first = await timeStart(hubCommand, port, configDir);
  const hubStarts: Start[] = [];
  const nodeStarts: Start[] = [];
  for (let run = 0; run < STARTS; run += 1) {
    hubStarts.push(await timeStart(hubCommand, port, configDir));
    nodeStarts.push(await timeStart(nodeCommand, port, configDir));
  }
  const hubStart = summarize(hubStarts);
  const nodeStart = summarize(nodeStarts);
  const imports = ['@plugboard/core', '@plugboard/koa', 'zod', 'undici', 'kysely'].map((specifier) => ({
    specifier,
    ms: median(Array.from({ length: STARTS }, () => timeImport(specifier, configDir))),
  }));
  const coreImport = imports[0]!.ms;

  const hub = await spawnHub({ direct: true, bin, args: hubCommand.slice(1), cwd: configDir, port, env: cleanEnv() });
  try {
    const workspace = await api(hub.url, 'POST', '/v1/workspaces', ADMIN_KEY, { name: 'bench' });
    const key = await api(hub.url, 'POST', `/v1/workspaces/${workspace.json.workspace.id}/api-keys`, ADMIN_KEY, {
      scopes: ['connections:write', 'proxy'],
    });
    const connection = await api(hub.url, 'POST', '/v1/connections', key.json.key, {
      provider: 'bench',
      credentials: { type: 'api_key', apiKey: 'bench-api-key' },
    });
    if (connection.status !== 201)
      throw new Error(`connection: ${connection.status} ${JSON.stringify(connection.json)}`);
    const proxyLoad = loadAverage();
    const targets = [
      { name: 'bare Node reverse proxy (node:http + undici)', url: `${bare.info.url}/api/items`, pid: bare.pid },
      {
        name: 'installed Plugboard, `plugboard start` (every bundled plugin configured)',
        url: `${hub.url}/v1/connections/${connection.json.connection.id}/proxy/items`,
        headers: { authorization: `Bearer ${key.json.key}` },
        pid: hub.child.pid!,
      },
    ];
    const [baseline, plugboard] = await compare(targets);
    if (!baseline || !plugboard) throw new Error('a measurement is missing');
    const [bareCpu, hubCpu] = await cpuPerRequest(targets, CPU_RATE);
    if (!bareCpu || !hubCpu) throw new Error('a CPU measurement is missing');
    const loadedRss = rssMb(hub.child);
    const { median: ratio, rounds } = pairedRatio(baseline, plugboard);
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    const section = `## The installed build

Produced by \`npx -y pnpm@10 --filter @plugboard/bench run bench:installed\` (about three minutes: it builds, packs
the release with \`pnpm release:pack\`'s code, installs the server tarballs with plain npm into a temp folder as
docs/self-hosting.md does, and runs \`node_modules/.bin/plugboard start\` there as a user does (the bin itself, on
plain node), with every bundled plugin configured: sandbox, oauth2,
google x4, github, slack, notion, x, zoho, meta x2, catalog x4).

**Start** (spawn until \`GET /healthz\` answers 200, polled every 5 ms; median of ${STARTS} starts on an existing
database, each followed by ${IDLE_MS / 1000} s idle and a read of the process's RSS; a bare \`node:http\` server
started the same way is the baseline):

| process | spawn to /healthz ms | idle RSS MB |
|---|---|---|
| bare node:http server (baseline) | ${nodeStart.ms.toFixed(0)} | ${nodeStart.rssMb.toFixed(1)} |
| plugboard start, first run (creates the database, migrations) | ${first.ms.toFixed(0)} | ${first.rssMb.toFixed(1)} |
| plugboard start | ${hubStart.ms.toFixed(0)} | ${hubStart.rssMb.toFixed(1)} |

- Spawn to /healthz: **${hubStart.ms.toFixed(0)} ms** (target < ${TARGETS.startMs} ms: ${verdict(hubStart.ms < TARGETS.startMs)}); ${(hubStart.ms / nodeStart.ms).toFixed(1)}x a bare node server.
- Idle RSS: **${hubStart.rssMb.toFixed(1)} MB** (target < ${TARGETS.rssMb} MB: ${verdict(hubStart.rssMb < TARGETS.rssMb)}); ${loadedRss.toFixed(1)} MB after the proxy load below.

**Import** (\`await import(...)\` in a fresh node process in the config folder, median of ${STARTS}; the core
imports its dependencies, so the later rows are part of the first):

| module | ms |
|---|---|
${imports.map((row) => `| \`${row.specifier}\` | ${row.ms.toFixed(0)} |`).join('\n')}

- \`import('@plugboard/core')\`: **${coreImport.toFixed(0)} ms** (target < ${TARGETS.importMs} ms: ${verdict(coreImport < TARGETS.importMs)}).

**Proxy** (the installed hub's \`GET /v1/connections/:id/proxy/*\` against the bare Node reverse proxy of the
section above, the same upstream; autocannon, ${CONNECTIONS} connections, a 2 s warm-up each, ${ROUNDS} rounds of
${DURATION_S} s alternating which goes first; medians, and the ratio of each round's back-to-back pair):

| target | requests/s | p50 ms | p99 ms | errors + non-2xx |
|---|---|---|---|---|
${figureRows([baseline, plugboard])}

**Installed hub / bare proxy throughput: ${ratio.toFixed(2)}**, the median of the rounds' ratios (${rounds.map((r) => r.toFixed(2)).join(', ')}) (target >= ${TARGETS.ratio}: ${verdict(ratio >= TARGETS.ratio)}).

**CPU per proxied call** (user + system time of each serving process from \`/proc/<pid>/stat\`, at a fixed
${CPU_RATE} requests/s that neither saturates; ${ROUNDS} rounds of ${DURATION_S} s alternating which goes first,
medians): the bare proxy ${bareCpu.microsPerRequest.toFixed(1)} us, the installed hub ${hubCpu.microsPerRequest.toFixed(1)} us, ${cpuGap(bareCpu.microsPerRequest, hubCpu.microsPerRequest)} per call
(rounds: bare ${bareCpu.rounds.map((r) => r.toFixed(0)).join(', ')}; hub ${hubCpu.rounds.map((r) => r.toFixed(0)).join(', ')}). Throughput on this shared
two-core machine divides the cores between the load generator, the upstream and the proxy, so the ratio above
also measures their costs; this is the proxy's own.

${machine()} Load average (1, 5, 15 min) as the starts began: ${startLoad}; as the proxy load began: ${proxyLoad}
(the machine's cores are shared with other work: the timings move with it, the memory figures barely).
`;
    writeSection('installed', section);
    console.log(section);
  } finally {
    await hub.stop();
  }
} finally {
  upstream.stop();
  bare.stop();
  rmSync(root, { recursive: true, force: true });
}
