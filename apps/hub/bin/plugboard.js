#!/usr/bin/env -S node --max-semi-space-size=4
// The flag caps V8's young generation at 2 x 4 MB: by default it grows to 2 x 16 MB while the hub starts and
// never shrinks back, about 20 MB of an idle hub's RSS (docs/benchmarks.md has the measurements, and
// docs/self-hosting.md how to choose another size). `node bin/plugboard.js` runs without it.
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
