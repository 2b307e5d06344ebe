import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Fixture plugins live in node_modules folders under the OS temp dir and import core's TypeScript source:
      // let Vite transform them as it does the workspace, instead of handing them to Node as external packages.
      server: { deps: { inline: [/plugboard-hub-fixture-/] } },
    },
  }),
);
