/**
 * The yaml parser the config loader uses, re-exported here so the build can inline it: `pnpm build` bundles this
 * file into one module (the workspace's scripts/bundle-vendor.mjs), where the package is 73 CommonJS files, 40-100
 * ms of the hub's start. Import types from 'yaml' and values from here.
 */
export { parseDocument } from 'yaml';
