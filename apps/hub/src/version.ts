import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUB_DIR } from './package-dir.js';

/** The hub package's version. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(join(HUB_DIR, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
