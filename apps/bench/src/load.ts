import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** Seconds per measured round (BENCH_DURATION). */
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
/** Measured rounds per target (BENCH_ROUNDS). */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
/** autocannon's concurrent connections (BENCH_CONNECTIONS). */
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** One target's figures: the medians of its rounds, and every error and non-2xx of them summed. */
export interface Figures {
  name: string;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  /** Requests per second of each round, in round order. */
  rounds: number[];
}

/** A URL under load, with the headers each request carries. */
export interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
}

function run(target: Target, duration: number, overallRate?: number) {
  return autocannon({
    url: target.url,
    headers: target.headers ?? {},
    connections: CONNECTIONS,
    duration,
    ...(overallRate ? { overallRate } : {}),
  });
}

// Runs `measure` on every target for `rounds` rounds, alternating which goes first; each target's samples in order.
async function alternatingRounds<T extends Target, Sample>(
  targets: T[],
  rounds: number,
  measure: (target: T) => Promise<Sample>,
): Promise<Sample[][]> {
  const samples = targets.map((): Sample[] => []);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) samples[targets.indexOf(target)]!.push(await measure(target));
  }
  return samples;
}

/**
 * Measures the targets in several short rounds, alternating which goes first, and keeps the median of each: one
 * noisy second on a shared machine then moves a figure a little instead of deciding a ratio.
 */
export async function compare(targets: Target[]): Promise<Figures[]> {
  for (const target of targets) await run(target, 2);
  const samples = await alternatingRounds(targets, ROUNDS, (target) => run(target, DURATION_S));
  return targets.map((target, index): Figures => {
    const results = samples[index]!;
    return {
      name: target.name,
      requests: median(results.map((r) => r.requests.average)),
      p50: median(results.map((r) => r.latency.p50)),
      p99: median(results.map((r) => r.latency.p99)),
      errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
      rounds: results.map((r) => r.requests.average),
    };
  });
}

/**
 * `measured` over `baseline`, round by round (the two ran back to back in each round), and the median of those
 * ratios: a host that slows for a minute moves both sides of the rounds it touches, not one target's median.
 */
export function pairedRatio(baseline: Figures, measured: Figures): { median: number; rounds: number[] } {
  const rounds = measured.rounds.map((requests, round) => requests / baseline.rounds[round]!);
  return { median: median(rounds), rounds };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A markdown table row per target. */
export function figureRows(figures: Figures[]): string {
  return figures.map((f) => `| ${f.name} | ${Math.round(f.requests)} | ${f.p50} | ${f.p99} | ${f.errors} |`).join('\n');
}

/** A target under a fixed request rate, and the process that serves it. */
export interface CpuTarget extends Target {
  pid: number;
}

/** The CPU (user + system) a serving process spent per request: the median of the rounds, in microseconds. */
export interface CpuFigures {
  name: string;
  microsPerRequest: number;
  rounds: number[];
}

// Linux's per-process CPU counters (utime, stime), in clock ticks of 10 ms.
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * What each request costs the process that serves it, at a rate every target sustains (so no process waits on
 * a saturated neighbour): rounds alternate their order, and each reads the process's CPU counters around it.
 * Throughput on a shared machine moves with whatever else runs; this moves far less.
 */
export async function cpuPerRequest(targets: CpuTarget[], rate: number, rounds = ROUNDS): Promise<CpuFigures[]> {
  const samples = await alternatingRounds(targets, rounds, async (target) => {
    const before = cpuMs(target.pid);
    const result = await run(target, DURATION_S, rate);
    return ((cpuMs(target.pid) - before) * 1000) / result.requests.total;
  });
  return targets.map((target, index) => ({
    name: target.name,
    microsPerRequest: median(samples[index]!),
    rounds: samples[index]!,
  }));
}
