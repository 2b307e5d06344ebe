import { parseAllowList } from '@plugboard/core';
import { z } from 'zod';

/** How the config is loaded: `start` requires every secret; `dev` lets missing keys be generated. */
export type ConfigMode = 'start' | 'dev';

/** Log levels the hub's logger accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The database used when the config names none (relative to the config file's folder). */
export const DEFAULT_DATABASE = 'sqlite:./data/plugboard.db';

const MISSING_ENCRYPTION_KEY =
  'required: the server refuses to start without an encryption key (generate one with `openssl rand -base64 32`)';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug (a-z, 0-9 and -)');

const publicUrl = z.string().superRefine((value, ctx) => {
  const problem = publicUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function publicUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL, like http://localhost:3000';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.search || url.hash) return 'must not have a query or fragment';
  if (value.endsWith('/')) return `must not end with a slash (write ${value.replace(/\/+$/, '')})`;
  return undefined;
}

// Numbers arrive as strings when they come from `${VAR}`.
const port = z.preprocess(
  (value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
  z.number().int().min(0).max(65535),
);

const database = z
  .string()
  .refine(
    (value) =>
      (value.startsWith('sqlite:') && value.length > 'sqlite:'.length) ||
      value.startsWith('postgres://') ||
      value.startsWith('postgresql://'),
    'must be sqlite:<path> (like sqlite:./data/plugboard.db), sqlite::memory: or a postgres:// URL',
  );

// Messages never echo the value: it is a secret.
const encryptionKey = z.string().superRefine((value, ctx) => {
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64').length : -1;
  if (bytes === 32) return;
  const found = bytes < 0 ? 'it is not base64' : `it decodes to ${bytes} bytes`;
  ctx.addIssue({ code: 'custom', message: `must be 32 random bytes in base64 (openssl rand -base64 32); ${found}` });
});

const providerEntry = z.strictObject({
  /** A package name, or a path (./ or ../) from the config file's folder. */
  use: z.string().min(1, 'required'),
  /** Which provider of a package that offers several. */
  provider: z.string().min(1).optional(),
  /** The id in this hub; defaults to the provider's own. */
  id: slug.optional(),
  // An empty `options:` line parses as null: treat it as no options.
  options: z.preprocess((value) => value ?? undefined, z.record(z.string(), z.unknown()).optional()),
});

const flag = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());

// With several hosts on one database every host may run both; a host can also serve the API only.
const background = z
  .strictObject({
    /** Refresh OAuth2 tokens before they expire. */
    refresh: flag.default(true),
    /** Deliver lifecycle events to webhooks. */
    webhooks: flag.default(true),
    /** Delete expired connections and the connections of deleted workspaces (revoking them first). */
    deletions: flag.default(true),
  })
  .prefault({});

const positiveInt = z.preprocess(
  (value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
  z.number().int().positive(),
);

// Limits of the authenticated proxy; every field has the engine's default when left out.
const proxy = z
  .strictObject({
    maxRequestBytes: positiveInt.optional(),
    maxResponseBytes: positiveInt.optional(),
    connectTimeoutMs: positiveInt.optional(),
    timeoutMs: positiveInt.optional(),
    retries: z
      .preprocess((value) => (typeof value === 'string' ? Number(value) : value), z.number().int().min(0).max(5))
      .optional(),
    maxRetryWaitMs: positiveInt.optional(),
    rateLimit: z
      .strictObject({
        perSecond: z.number().positive(),
        burst: positiveInt.optional(),
        maxWaitMs: positiveInt.optional(),
      })
      .optional(),
  })
  .prefault({});

// Limits of the MCP endpoint for AI agents; the API's defaults when left out.
const mcp = z
  .strictObject({ callsPerMinute: positiveInt.optional(), maxOutputBytes: positiveInt.optional() })
  .prefault({});

// Past these a request that needs the database answers 503 instead of hanging; engine defaults when left out.
const databaseTimeouts = z
  .strictObject({
    connectMs: positiveInt.optional(),
    statementMs: positiveInt.optional(),
    idleMs: positiveInt.optional(),
  })
  .prefault({});

// Prometheus metrics at GET /metrics: off unless enabled; a token keeps them from whoever reaches the port.
const metrics = z
  .strictObject({
    enabled: flag.default(false),
    token: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .prefault({});

const adminKey = z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32 makes one)');
/** What `plugboard dev` may reach besides public addresses when the config says nothing: this machine only. */
export const DEV_EGRESS_ALLOW = ['127.0.0.0/8', '::1'];

// Destinations allowed although they are loopback, private, link-local, ...: CIDRs, addresses or host names.
const egressEntry = z.string().superRefine((value, ctx) => {
  try {
    parseAllowList([value]);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an address, a CIDR range (10.0.0.0/8) or a host name' });
  }
});

// Caps on what a workspace can grow.
const limits = z.strictObject({ webhookEndpointsPerWorkspace: positiveInt.optional() }).prefault({});

/** The schema of plugboard.yaml, after `${VAR}` substitution. */
export function configSchema(mode: ConfigMode) {
  const keys = z.array(encryptionKey, {
    error: (issue) => (issue.input === undefined ? MISSING_ENCRYPTION_KEY : undefined),
  });
  return z.strictObject({
    publicUrl,
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(3000),
        /** How long in-flight requests may finish after SIGTERM before they are cut (default 10000 ms). */
        shutdownGraceMs: positiveInt.optional(),
      })
      .prefault({}),
    database: database.default(DEFAULT_DATABASE),
    databaseTimeouts,
    encryptionKeys: mode === 'start' ? keys.min(1, MISSING_ENCRYPTION_KEY) : keys.default([]),
    // Several admin keys during a switch-over: each one works until it is removed.
    adminKey: z.union([adminKey, z.array(adminKey).min(1)]).optional(),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    providers: z.array(providerEntry).default([]),
    background,
    proxy,
    mcp,
    metrics,
    /** Lets `plugboard start` serve the sandbox provider (plugboard dev always may). */
    allowSandbox: flag.default(false),
    egress: z
      .strictObject({ allow: z.array(egressEntry).default(mode === 'dev' ? DEV_EGRESS_ALLOW : []) })
      .prefault({}),
    limits,
  });
}

/** plugboard.yaml as validated, before paths are resolved. */
export type RawConfig = z.output<ReturnType<typeof configSchema>>;

/** One entry of `providers:`. */
export type ProviderEntry = z.output<typeof providerEntry>;
