import { runFreshScript } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';

const moduleUrl = new URL('../src/tick-shape.ts', import.meta.url).href;

// A fresh process with V8's full GC and its `%HaveSameMap` at hand: a tick object nobody holds is collected by a
// full GC (the control), the held one survives it, and a tick object made after the GC has the held one's shape.
const script = `
import { executionAsyncResource } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
const { holdTickShape } = await import(${JSON.stringify(moduleUrl)});
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const tick = () => new Promise((resolve) => process.nextTick(() => resolve(executionAsyncResource())));
const held = new WeakRef(await holdTickShape());
const loose = new WeakRef(await tick());
// A WeakRef keeps its target until the current job ends: the GC runs in a later one.
await new Promise((resolve) => setImmediate(resolve));
gc();
const fresh = await tick();
writeFileSync(3, JSON.stringify({
  looseCollected: loose.deref() === undefined,
  heldAlive: held.deref() !== undefined,
  freshHasHeldShape: held.deref() !== undefined && haveSameMap(held.deref(), fresh),
  sameHolder: (await holdTickShape()) === held.deref(),
}));
`;

describe('holdTickShape', () => {
  it('keeps a tick object, and with it the shape V8 optimized process.nextTick for, through a full GC', () => {
    expect(runFreshScript(script, { nodeArgs: ['--expose-gc', '--allow-natives-syntax'] })).toEqual({
      looseCollected: true,
      heldAlive: true,
      freshHasHeldShape: true,
      sameHolder: true,
    });
  });
});
