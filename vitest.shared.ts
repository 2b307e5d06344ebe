import { defineConfig } from 'vitest/config';

// Workspace packages import each other's TypeScript source through the "@plugboard/source" export condition
// (tsconfig.base.json says the same to tsc); the rest are Vite's default server conditions.
const conditions = ['@plugboard/source', 'module', 'node', 'development|production'];

/** The vitest config every package's vitest.config.ts starts from. */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
});
