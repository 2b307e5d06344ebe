#!/usr/bin/env node
// Inside the workspace the CLI runs from its TypeScript source through tsx; an installed package runs dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/cli.js');
}
await cli.run(process.argv);
