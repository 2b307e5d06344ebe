import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Agent, buildConnector } from 'undici';
import { type AllowList, normalizeAddress, parseAllowList, refusalReason } from './addresses.js';
import { undici } from './undici.js';

/** The egress policy's settings: what may be reached although it is loopback, private, link-local, ... */
export interface EgressOptions {
  /** CIDRs, addresses or host names (`127.0.0.0/8`, `::1`, `localhost`, `*.corp.example`). Default: none. */
  allow?: readonly string[] | undefined;
  /** The resolver (default: the system's, `dns.lookup`); a test gives a fake DNS here, as it fakes a provider. */
  resolve?: ((hostname: string) => Promise<LookupAddress[]>) | undefined;
}

/** A destination the egress policy refused: the name resolved (or was) to an address no workspace may reach. */
export class EgressRefusedError extends Error {
  readonly host: string;
  constructor(host: string, reason: string) {
    super(`${host} is not an allowed destination (${reason}).`);
    this.name = 'EgressRefusedError';
    this.host = host;
  }
}

/** True when `error`, or an error it was caused by, is an egress refusal. */
export function isEgressRefusal(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof EgressRefusedError) return true;
  }
  return false;
}

// Names that only ever mean something inside a network, refused before any resolution.
const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/** The policy: checks names and addresses, and builds agents whose sockets only ever reach checked addresses. */
export interface EgressPolicy {
  /** Resolves the URL's host and throws EgressRefusedError unless every address it has is allowed. */
  check(url: URL): Promise<void>;
  /** An undici Agent whose connections go to the address its own lookup checked (no DNS rebinding between them). */
  agent(options?: Agent.Options): Agent;
  /** fetch through the policy's shared agent. */
  fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

/** Creates the egress policy from the config's allow-list. */
export function createEgressPolicy(options: EgressOptions = {}): EgressPolicy {
  const allow: AllowList = parseAllowList(options.allow ?? []);
  const systemResolve = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });
  const lookupName = options.resolve ?? systemResolve;

  const refusal = (host: string, address: string) => {
    if (allow.address(address)) return undefined;
    const reason = refusalReason(address);
    return reason === undefined ? undefined : new EgressRefusedError(host, reason);
  };

  // Every address the name has must pass: otherwise a resolver answering a public and a private address could
  // have the socket pick the private one.
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    const bare = hostname.replace(/^\[|\]$/g, '');
    if (isIP(bare)) {
      const refused = refusal(bare, bare);
      if (refused) throw refused;
      return [{ address: bare, family: isIP(bare) }];
    }
    const trusted = allow.host(bare);
    // An internal name passes only when every address it has is allow-listed (localhost with loopback allowed).
    const internal = !trusted && INTERNAL_NAMES.test(bare.replace(/\.$/, ''));
    let addresses: LookupAddress[];
    try {
      addresses = await lookupName(bare);
    } catch (cause) {
      if (internal) throw new EgressRefusedError(bare, 'internal name');
      throw Object.assign(new Error(`${bare} could not be resolved.`, { cause }), { code: 'ENOTFOUND' });
    }
    if (internal && !addresses.every(({ address }) => allow.address(address))) {
      throw new EgressRefusedError(bare, 'internal name');
    }
    if (!trusted) {
      for (const { address } of addresses) {
        const refused = refusal(bare, address);
        if (refused) throw refused;
      }
    }
    return addresses;
  };

  // The lookup net.connect calls: it answers only addresses that passed, so the socket connects to what was checked.
  const pinnedLookup = (
    hostname: string,
    lookupOptions: { all?: boolean; family?: number },
    callback: LookupCallback,
  ) => {
    resolve(hostname).then(
      (found) => {
        const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const usable = family === 0 ? found : found.filter((entry) => entry.family === family);
        if (usable.length === 0)
          callback(Object.assign(new Error(`${hostname} has no usable address.`), { code: 'ENOTFOUND' }), []);
        else if (lookupOptions.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: Error) => callback(error, []),
    );
  };

  const agent = (agentOptions: Agent.Options = {}) => {
    const { Agent, buildConnector } = undici();
    const given = typeof agentOptions.connect === 'object' ? agentOptions.connect : {};
    const connector = buildConnector({ ...given, lookup: pinnedLookup } as buildConnector.BuildOptions);
    return new Agent({
      ...agentOptions,
      // An address literal never reaches a lookup: it is judged here, before the socket opens.
      connect(connectOptions, callback) {
        const bare = connectOptions.hostname.replace(/^\[|\]$/g, '');
        if (normalizeAddress(bare)) {
          const refused = refusal(bare, bare);
          if (refused) {
            callback(refused, null);
            return;
          }
        }
        connector(connectOptions, callback);
      },
    });
  };

  // Made by the first fetch: a hub that never calls out never loads undici.
  let shared: Agent | undefined;
  return {
    async check(url) {
      await resolve(url.hostname);
    },
    agent,
    // The platform's fetch (its Response is the global one plugins and oauth4webapi expect) on the pinned agent.
    fetch: (input, init) => {
      shared ??= agent({ connect: { timeout: 10_000 } });
      return globalThis.fetch(input, { ...init, dispatcher: shared } as RequestInit);
    },
    close: async () => {
      await shared?.close();
    },
  };
}
