import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // One pack per run, shared by every test file (see test/global-setup.ts).
      globalSetup: ['test/global-setup.ts'],
      // The outside plugins' own tests run in their packages, against the packed tarballs.
      exclude: [...configDefaults.exclude, 'test/fixtures/**'],
    },
  }),
);
