import { readFileSync } from 'node:fs';

/** The hub package's version (the same file from src/ and from dist/). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
