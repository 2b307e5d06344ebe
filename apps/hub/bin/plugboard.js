#!/usr/bin/env node
// The CLI is the package's own "./cli" export: compiled dist/ for plain node; inside the workspace,
// `node --conditions=@plugboard/source --import tsx` (as `plugboard dev` runs there) picks the TypeScript source.
let cli;
try {
  cli = await import('@plugboard/hub/cli');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  console.error('plugboard: dist/ is missing. In the repository, run `pnpm build` first, or `pnpm start` for dev.');
  process.exit(1);
}
await cli.run(process.argv);
