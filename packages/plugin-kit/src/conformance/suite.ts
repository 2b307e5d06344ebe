import type { Provider, ProviderFactory } from '@plugboard/core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FakeProvider } from '../fake/types.js';
import { startTestHub, type TestHub } from '../harness/test-hub.js';
import { type Connected, connect } from './connect.js';
import type { ConformanceSetup } from './types.js';

/** What each group of conformance tests works with, once `beforeAll` has started it. */
export interface SuiteEnvironment {
  setup: ConformanceSetup;
  fake: FakeProvider;
  harness: TestHub;
  provider: Provider<any>;
  /** A fresh connection through the whole flow. */
  connect(): Promise<Connected>;
  /** One connection shared by the read-only tests (made on first use). */
  firstConnection(): Promise<Connected>;
}

/** The suite's environment, available inside tests. */
export type Suite = () => SuiteEnvironment;

/** Picks the factory a setup names out of a plugin's default export (a factory or a record of them). */
export function pickFactory(
  factory: ProviderFactory | Record<string, ProviderFactory>,
  setup: ConformanceSetup,
): ProviderFactory {
  if (typeof factory === 'function') return factory;
  const names = Object.keys(factory);
  const name = setup.provider ?? (names.length === 1 ? names[0] : undefined);
  const picked = name === undefined ? undefined : factory[name];
  if (!picked) {
    throw new Error(
      `testProvider: set \`provider\` to one of ${names.map((n) => `"${n}"`).join(', ')}${setup.provider ? ` (got "${setup.provider}")` : ''}.`,
    );
  }
  return picked;
}

/** Registers the hooks that start the fake, the engine and the API once per suite, and answers their accessor. */
export function registerSuite(factory: ProviderFactory, setup: ConformanceSetup): Suite {
  let environment: SuiteEnvironment | undefined;
  let fake: FakeProvider | undefined;
  let harness: TestHub | undefined;
  beforeAll(async () => {
    fake = await setup.fake();
    const started = fake;
    // credentials:read: the refresh tests read the fresh token over HTTP.
    harness = await startTestHub((publicUrl) => factory(setup.options(started), { publicUrl }), {
      scopes: ['connections:read', 'connections:write', 'credentials:read'],
    });
    const running = harness;
    const provider = running.providers[0]!;
    let first: Promise<Connected> | undefined;
    const fresh = () => connect(running, provider.id, started, setup.expect.callbackExtra);
    environment = {
      setup,
      fake: started,
      harness: running,
      provider,
      connect: fresh,
      firstConnection: () => {
        first ??= fresh();
        return first;
      },
    };
  });
  // An injection a test did not use up must not answer the next test's requests.
  afterEach(() => fake?.clearInjections());
  afterAll(async () => {
    await harness?.close();
    await fake?.close();
  });
  return () => {
    if (!environment) throw new Error('The conformance suite did not start (see the error in beforeAll).');
    return environment;
  };
}
