import type { FakeInjection, FakeResponse } from './types.js';

/** Answers queued by `inject`, consumed by the next requests to their endpoint. */
export function createInjections() {
  const queues = new Map<string, FakeInjection[]>();
  return {
    add(endpoint: string, injection: FakeInjection): void {
      const times = injection.times ?? 1;
      if (!Number.isInteger(times) || times < 1)
        throw new Error(`inject: times must be a positive integer, got ${times}.`);
      const queue = queues.get(endpoint) ?? [];
      for (let i = 0; i < times; i++) queue.push(injection);
      queues.set(endpoint, queue);
    },
    clear(): void {
      queues.clear();
    },
    /** Takes the next injection of the first endpoint name (most specific first) that has one. */
    take(endpoints: string[]): FakeInjection | undefined {
      for (const endpoint of endpoints) {
        const next = queues.get(endpoint)?.shift();
        if (next) return next;
      }
      return undefined;
    },
  };
}

/** Waits out an injection's delay; answers its replacement, or undefined when it only delays the real answer. */
export async function playInjection(injection: FakeInjection): Promise<FakeResponse | undefined> {
  if (injection.delayMs) await new Promise((resolve) => setTimeout(resolve, injection.delayMs));
  if (injection.status === undefined && injection.body === undefined) return undefined;
  return { status: injection.status ?? 200, body: injection.body, headers: injection.headers };
}
