/**
 * The yaml parser the config loader uses. The build (the workspace's scripts/build-package.mjs) inlines every
 * package named by a file in this folder: yaml is 73 CommonJS files, 40-100 ms of the hub's start when loaded one
 * by one. Import types from 'yaml' and values from here.
 */
export { parseDocument } from 'yaml';
