import { fileURLToPath } from 'node:url';

/**
 * The hub package's folder. This module sits one level below it wherever it runs from: src/package-dir.ts in the
 * workspace, or the build's dist/cli.js, dist/index.js or a chunk beside them.
 */
export const HUB_DIR = fileURLToPath(new URL('../', import.meta.url)).replace(/\/$/, '');
