import type { Provider, ProviderFactory } from '@plugboard/core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FakeProvider } from '../fake/types.js';
import { startTestHub, type TestHub } from '../harness/test-hub.js';
import { type Connected, connect } from './connect.js';
import { misfits, refuse } from './setup-check.js';
import type { ConformanceSetup, OAuth2ConformanceSetup } from './types.js';

/** What every group of conformance tests works with, once `beforeAll` has started it. */
export interface SuiteBase<Setup extends ConformanceSetup = ConformanceSetup> {
  setup: Setup;
  fake: FakeProvider;
  harness: TestHub;
  provider: Provider<any>;
}

/** What the OAuth2 tests work with. */
export interface SuiteEnvironment extends SuiteBase<OAuth2ConformanceSetup> {
  /** A fresh connection through the whole flow. */
  connect(): Promise<Connected>;
  /** One connection shared by the read-only tests (made on first use). */
  firstConnection(): Promise<Connected>;
}

/** The OAuth2 suite's environment, available inside tests. */
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

/**
 * Registers the hooks that start the fake, the engine and the API once per suite (refusing a setup that does not
 * fit the plugin it built), and answers the accessor of the environment `extend` makes from them.
 */
export function registerSuite<Setup extends ConformanceSetup, Environment>(
  factory: ProviderFactory,
  setup: Setup,
  extend: (base: SuiteBase<Setup>) => Environment,
): () => Environment {
  let environment: Environment | undefined;
  let fake: FakeProvider | undefined;
  let harness: TestHub | undefined;
  beforeAll(async () => {
    fake = await setup.fake();
    const started = fake;
    // credentials:read: the refresh tests read the fresh token over HTTP; proxy: the signing tests call through it.
    harness = await startTestHub(
      (publicUrl) => {
        const provider = factory(setup.options(started), { publicUrl });
        refuse(factory.id, misfits(provider, setup));
        return provider;
      },
      { scopes: ['connections:read', 'connections:write', 'credentials:read', 'proxy'] },
    );
    environment = extend({ setup, fake: started, harness, provider: harness.providers[0]! });
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

/** The OAuth2 environment: connections through the whole consent flow. */
export function oauth2Environment(base: SuiteBase<OAuth2ConformanceSetup>): SuiteEnvironment {
  let first: Promise<Connected> | undefined;
  const fresh = () => connect(base.harness, base.provider.id, base.fake, base.setup.expect.callbackExtra);
  return {
    ...base,
    connect: fresh,
    firstConnection: () => {
      first ??= fresh();
      return first;
    },
  };
}
