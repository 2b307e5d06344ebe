import type { ConnectionRow } from '../connections/rows.js';
import type { Credentials } from '../contract/types.js';
import type { ApiBase } from './target.js';

/** A connection row and its decrypted credentials, as the proxy uses them on every request. */
export interface UsableConnection {
  row: ConnectionRow;
  credentials: Credentials;
  /** The provider API's base URL for this connection (from its metadata), worked out once. */
  base: ApiBase | undefined;
  /** The hosts its requests may reach. */
  hosts: Set<string>;
}

/**
 * Keeps recently used connections decrypted in memory, so the proxy's hot path skips the database and the
 * cipher. This process drops an entry the moment it changes one (refresh, reconnect, delete); changes made by
 * other processes are picked up within `ttlMs`, and a 401 from the provider always goes back to the database.
 */
export function createCredentialCache(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, UsableConnection & { storedAt: number }>();
  return {
    get(id: string): UsableConnection | undefined {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (Date.now() - entry.storedAt > ttlMs) {
        entries.delete(id);
        return undefined;
      }
      return entry;
    },
    set(id: string, usable: UsableConnection): void {
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(id, { ...usable, storedAt: Date.now() });
    },
    forget(id: string): void {
      entries.delete(id);
    },
  };
}

/** The cache's interface, as the engine's services see it. */
export type CredentialCache = ReturnType<typeof createCredentialCache>;
