import { dirname, resolve } from 'node:path';

const SQLITE = 'sqlite:';
const MEMORY = ':memory:';

/** Resolves a relative sqlite path against the config file's folder; Postgres URLs pass through untouched. */
export function resolveDatabaseUrl(url: string, configDir: string): string {
  if (!url.startsWith(SQLITE)) return url;
  const file = url.slice(SQLITE.length);
  return file === MEMORY ? url : `${SQLITE}${resolve(configDir, file)}`;
}

/** Where the hub keeps local files such as dev keys: the sqlite file's folder, else `data/` next to the config. */
export function dataDirOf(resolvedUrl: string, configDir: string): string {
  const file = resolvedUrl.startsWith(SQLITE) ? resolvedUrl.slice(SQLITE.length) : MEMORY;
  return file === MEMORY ? resolve(configDir, 'data') : dirname(file);
}

/** The database as safe to print: a Postgres password is masked. */
export function describeDatabase(url: string): string {
  if (url.startsWith(SQLITE)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
