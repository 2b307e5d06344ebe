import type { ProviderFactory } from '@plugboard/core';
import { describe } from 'vitest';
import type { z } from 'zod';
import { accountTests } from './account-tests.js';
import { authorizationTests } from './authorization-tests.js';
import { canaryTests } from './canary-tests.js';
import { errorTests } from './error-tests.js';
import { fieldsTests } from './fields-tests.js';
import { importTests } from './import-tests.js';
import { refreshTests } from './refresh-tests.js';
import { revocationTests } from './revocation-tests.js';
import { isFieldsSetup, missingFromSetup, refuse } from './setup-check.js';
import { oauth2Environment, pickFactory, registerSuite } from './suite.js';
import type { ConformanceSetup, OAuth2ConformanceSetup } from './types.js';

/**
 * Registers the conformance suite of a provider plugin as vitest tests (call it at a test file's top level): the
 * real engine and HTTP API, on a temp SQLite file, against the fake the setup starts. OAuth2 plugins are proved
 * by `ConformanceExpectations`, `api_key`, `basic` and `raw` ones by `FieldsExpectations`; a setup missing what
 * its kind needs is refused with the list.
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
  refuse(picked.id, missingFromSetup(setup));
  describe(`plugboard provider conformance: ${picked.id}`, () => {
    if (isFieldsSetup(setup)) {
      fieldsTests(registerSuite(picked, setup, (base) => base));
      return;
    }
    const oauth2 = setup as OAuth2ConformanceSetup;
    const suite = registerSuite(picked, oauth2, oauth2Environment);
    authorizationTests(suite);
    accountTests(suite);
    refreshTests(suite, oauth2.expect.refresh);
    errorTests(suite, oauth2.expect.refresh);
    revocationTests(suite, oauth2.expect.revocation);
    importTests(suite);
    // Last: it sweeps the answers and log lines of every test before it too.
    canaryTests(suite);
  });
}
