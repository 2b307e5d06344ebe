import { defineConfig } from 'vitest/config';

// Workspace packages import each other's TypeScript source through the "@plugboard/source" export condition
// (tsconfig.base.json says the same to tsc); the rest are Vite's default server conditions.
const conditions = ['@plugboard/source', 'module', 'node', 'development|production'];

/** The vitest config every package's vitest.config.ts starts from. */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // A worker imports the engine (hundreds of modules through Vite) once for all its test files instead of once
    // per file: the suite's largest cost on a small machine. Every test makes its own hub, database and servers,
    // and puts back the fake clocks it sets, so the files do not lean on a fresh module state.
    isolate: false,
  },
});
