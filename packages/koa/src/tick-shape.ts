import { executionAsyncResource } from 'node:async_hooks';

let held: Promise<object> | undefined;

/**
 * Keeps one of Node's tick objects (what `process.nextTick` queues) alive for the life of the process, and resolves
 * to it. Streams and node:http queue several ticks per proxied call. V8 drops the hidden class of an object shape
 * when a full GC finds no object of that shape alive, which an idle hub's memory reducer does; tick objects live
 * only until their tick runs, so their shape goes, and the optimized `nextTick` then defines every tick object's
 * properties through V8's runtime: about 5 us more CPU per proxied call on the installed build
 * (docs/benchmarks.md). One tick object held keeps the shape, and the fast path, for good.
 */
export function holdTickShape(): Promise<object> {
  // Inside a tick's callback, the execution resource is that tick's own object. Asking for it turns on Node's
  // async-hooks trampoline for native callbacks, which measured no cost (docs/benchmarks.md, fourth pass).
  held ??= new Promise((resolve) => process.nextTick(() => resolve(executionAsyncResource())));
  return held;
}
