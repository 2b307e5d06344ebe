import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Provider } from './contract/types.js';
import type { KeyRing } from './crypto/keyring.js';
import type { EgressPolicy } from './egress/policy.js';
import type { HubObserver } from './observer.js';
import type { CredentialCache } from './proxy/credential-cache.js';
import type { Database } from './store/schema.js';
import { uuidv7 } from './vendor/uuid.js';

/** What every service of the engine shares; built once by `createHub`. */
export interface EngineContext {
  db: Kysely<Database>;
  keys: KeyRing;
  logger: Logger;
  publicUrl: string;
  callbackUrl: string;
  provider(id: string): Provider<unknown>;
  /** Outbound fetch for provider calls: through the egress policy unless the host injected its own. */
  fetch: typeof globalThis.fetch;
  /** The one egress policy: webhook URLs, provider URLs and the proxy's connections pass it. */
  egress: EgressPolicy;
  sessionTtlMs: number;
  /** Timeout of each request to a provider's authorization server. */
  providerTimeoutMs: number;
  /** Decrypted connections the proxy keeps in memory; every change to a connection forgets its entry. */
  connectionCache: CredentialCache;
  /** The host's hooks (metrics); events never carry ids or secrets. */
  observer: HubObserver | undefined;
}

/** A new time-ordered id (UUIDv7), good for keyset pagination. */
export function newId(): string {
  return uuidv7();
}

/** Now, as the API and the database write it: ISO-8601 UTC. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Parses a JSON column written by the engine itself. */
export function readJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
