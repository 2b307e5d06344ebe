import { createRequire } from 'node:module';

// undici loads with the first outbound request, not with the hub: an idle hub holds none of its ~110 modules
// (a few MB of its RSS; packages/core/test/lazy-drivers.test.ts holds core to it).
const nodeRequire = createRequire(import.meta.url);

/** The undici module, loaded on first use. */
export function undici(): typeof import('undici') {
  return nodeRequire('undici') as typeof import('undici');
}
