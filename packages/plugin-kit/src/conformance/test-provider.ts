import type { ProviderFactory } from '@plugboard/core';
import { describe } from 'vitest';
import type { z } from 'zod';
import { accountTests } from './account-tests.js';
import { authorizationTests } from './authorization-tests.js';
import { canaryTests } from './canary-tests.js';
import { errorTests } from './error-tests.js';
import { refreshTests } from './refresh-tests.js';
import { revocationTests } from './revocation-tests.js';
import { pickFactory, registerSuite } from './suite.js';
import type { ConformanceSetup } from './types.js';

/**
 * Registers the conformance suite of an OAuth2 provider plugin as vitest tests (call it at a test file's top
 * level): the real engine and HTTP API, on a temp SQLite file, against the fake the setup starts.
 * The options are checked against the plugin's schema at compile time; a record of factories (one package,
 * several providers) picks one with `setup.provider`, and its options are checked when the suite runs.
 */
export function testProvider<S extends z.ZodType>(
  factory: ProviderFactory<S>,
  setup: ConformanceSetup<z.input<S>>,
): void;
/** Registers the conformance suite of one provider of a plugin that exports several (`setup.provider`). */
export function testProvider(factory: Record<string, ProviderFactory>, setup: ConformanceSetup): void;
export function testProvider(
  factory: ProviderFactory | Record<string, ProviderFactory>,
  setup: ConformanceSetup,
): void {
  const picked = pickFactory(factory, setup);
  describe(`plugboard provider conformance: ${picked.id}`, () => {
    const suite = registerSuite(picked, setup);
    authorizationTests(suite);
    accountTests(suite);
    refreshTests(suite, setup.expect.refresh);
    errorTests(suite, setup.expect.refresh);
    revocationTests(suite, setup.expect.revocation);
    // Last: it sweeps the answers and log lines of every test before it too.
    canaryTests(suite);
  });
}
