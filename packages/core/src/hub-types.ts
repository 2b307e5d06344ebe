import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ToolCallRecord } from './agents/audit.js';
import type { MintedMcpToken } from './agents/tokens.js';
import type { ImportedOAuth2 } from './connections/inputs.js';
import type { RefreshSchedulerOptions } from './connections/scheduler.js';
import type { ActionDefinition, Credentials, Provider } from './contract/types.js';
import type { KeyRingCheck, ReencryptReport } from './crypto/reencrypt.js';
import type { EgressOptions } from './egress/policy.js';
import type { WebhookDispatcherOptions } from './events/dispatcher.js';
import type { EventType } from './events/outbox.js';
import type { WebhookDelivery, WebhookEndpoint } from './events/webhooks.js';
import type {
  AgentGrant,
  ApiCallbackResult,
  ApiKey,
  ApiKeyScope,
  AppAppearance,
  Branding,
  CallbackResult,
  ConnectDisplay,
  Connection,
  ConnectionStatus,
  ConnectSession,
  ConnectSessionView,
  OAuthApp,
  Principal,
  ProviderSummary,
  Workspace,
} from './model.js';
import type { HubObserver, HubStats } from './observer.js';
import type { ProxyOptions, ProxyRequest, ProxyResponse } from './proxy/forward.js';
import type { DatabaseTimeouts } from './store/database.js';
import type { AuthThrottleOptions } from './tenancy/auth-throttle.js';
import type { Logo } from './tenancy/branding.js';

/** Options for `createHub`. */
export interface HubOptions {
  /** `sqlite:./data/plugboard.db`, `sqlite::memory:`, or `postgres://user@host:5432/db`. */
  database: string;
  /** Loaded providers (already built by their factories). */
  providers: Provider<unknown>[];
  /** Base64 32-byte keys; the first encrypts, the rest only decrypt. At least one is required. */
  encryptionKeys: string[];
  /**
   * Where the API is reachable from browsers and providers, with the host's mount prefix
   * (`https://app.example.com/integrations`): the OAuth callback is `${publicUrl}/oauth/callback`, connect links
   * `${publicUrl}/connect/:id`. Providers serving their own routes (the sandbox) must be built with the same one.
   */
  publicUrl: string;
  /** The admin key (>= 32 characters), or several during a switch-over (each one works); absent means no admin API. */
  adminKey?: string | string[] | undefined;
  logger?: Logger | undefined;
  /** Timeout of each token, refresh or revocation request, in ms (default 15000). */
  providerTimeoutMs?: number | undefined;
  /** Connect session lifetime in seconds (default 600). */
  sessionTtlSeconds?: number | undefined;
  /**
   * Outbound fetch for provider calls (tests may inject one; the provider is mocked, never us). The default goes
   * through the egress policy; an injected fetch is the host's own egress.
   */
  fetch?: typeof globalThis.fetch | undefined;
  /** Connect, statement and idle timeouts of the database; past them a request answers 503 `database_unavailable`. */
  databaseTimeouts?: DatabaseTimeouts | undefined;
  /** Postgres only: the schema to use (tests isolate themselves with one each). */
  postgresSchema?: string | undefined;
  /**
   * Background work, started by `createHub`: proactive token refresh, webhook delivery, deletions.
   * Default: all on.
   * `false` turns all off (a process that only serves the API, a CLI, a test), an object picks;
   * `hub.background.start()` / `stop()` control it later, and `close()` stops it.
   */
  background?: boolean | BackgroundWork | undefined;
  /** Background refresh settings. */
  refresh?: RefreshSchedulerOptions | undefined;
  /**
   * Egress policy of every outbound request a workspace can influence (webhooks, provider calls, the proxy):
   * loopback, private, link-local, CGNAT, unique-local, multicast and unspecified addresses are refused unless
   * `allow` lists them (CIDRs, addresses, host names). Default: nothing of those allowed.
   */
  egress?: EgressOptions | undefined;
  /** Webhook delivery settings (started by `hub.background.start()`) and the per-workspace endpoint cap. */
  webhooks?: WebhookDispatcherOptions | undefined;
  /** Limits, timeouts, retries and the optional per-connection rate limit of the proxy. */
  proxy?: ProxyOptions | undefined;
  /** Hooks that watch proxied calls, refreshes, deliveries and lease takeovers (the hub's metrics use them). */
  observer?: HubObserver | undefined;
  /** Throttling of failed authentication per client address and per key id (default 30 at once, 30 a minute). */
  authThrottle?: AuthThrottleOptions | undefined;
  /** Apply pending migrations on start (default true); `plugboard doctor` opens without migrating. */
  migrate?: boolean | undefined;
}

/** Which background work runs: proactive token refresh, webhook delivery, deletions. */
export interface BackgroundWork {
  refresh?: boolean | undefined;
  webhooks?: boolean | undefined;
  /** Revoking and deleting expired connections and the connections of deleted workspaces. */
  deletions?: boolean | undefined;
}

/** Input of `connectSessions.create`. */
export interface CreateConnectSessionInput {
  /** The provider to connect; leave it (and `providers`) out to let the user pick from every connectable one. */
  provider?: string | undefined;
  /** Providers the user picks one from on the connect page (1 to 100, each once); not with `provider`. */
  providers?: string[] | undefined;
  ownerId?: string | undefined;
  shared?: boolean | undefined;
  /** Only for a session that names one provider. */
  scopes?: string[] | undefined;
  returnTo?: string | undefined;
  redirectUri?: string | undefined;
  /** The end user's language for the pages (a BCP 47 tag), over the browser's `Accept-Language`. */
  locale?: string | undefined;
  /** End-user tags (at most 10; key <= 64, value <= 256 characters), copied to the connection. */
  tags?: Record<string, string> | undefined;
}

/** The query of the public OAuth callback. */
export interface CallbackQuery {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
  [param: string]: string | undefined;
}

/** Filters and page of `connections.list`. */
export interface ListConnectionsInput {
  provider?: string | undefined;
  ownerId?: string | undefined;
  status?: ConnectionStatus | undefined;
  shared?: boolean | 'true' | 'false' | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  /** Only connections carrying every one of these tags. */
  tag?: Record<string, string> | undefined;
}

/** Input of `connections.create` (programmatic connections). */
export interface CreateConnectionInput {
  provider: string;
  ownerId?: string | undefined;
  shared?: boolean | undefined;
  /** End-user tags (at most 10; key <= 64, value <= 256 characters). */
  tags?: Record<string, string> | undefined;
  /** The caller's name for the connection. */
  name?: string | undefined;
  /** When the hub deletes the connection by itself (a future ISO-8601 instant). */
  expiresAt?: string | undefined;
  /** Raw credential fields `credentials()` never answers; they still sign proxied calls. */
  redactFields?: string[] | undefined;
  credentials: ProgrammaticCredentials;
  /** Imported OAuth2 tokens only: the callback parameters a connect would have brought (Zoho's `location`). */
  params?: Record<string, string> | undefined;
}

/**
 * Credentials a caller brings, one shape per auth kind (the provider's fields schema checks the rest at run
 * time): tokens from elsewhere (at least one of accessToken and refreshToken), an API key, basic, or raw fields.
 */
export type ProgrammaticCredentials =
  | ImportedOAuth2
  | { type: 'api_key'; apiKey: string; [field: string]: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'raw'; [field: string]: string };

/** The engine: every service a host needs, framework-free. Each workspace-scoped call takes the workspace id first. */
export interface Hub {
  readonly publicUrl: string;
  readonly callbackUrl: string;
  readonly logger: Logger;
  providers: {
    list(): ProviderSummary[];
    get(id: string): Provider<unknown>;
  };
  auth: {
    /** Resolves a bearer token to a principal, or null (compared in constant time). */
    /**
     * `client` (the caller's address) and the key id the bearer claims each get a bucket of failures: past it,
     * rate_limited (RateLimitedError with retryAfterSeconds) before the key is even looked at.
     */
    authenticate(bearer: string, client?: string): Promise<Principal | null>;
    /**
     * What `authenticate` answers for a workspace key this process resolved within the last few seconds, without a
     * promise or I/O (the proxy's hot path); undefined when `authenticate` must decide (a key not seen lately, the
     * admin key, a throttled client or key).
     */
    recall(bearer: string, client?: string): Principal | undefined;
  };
  workspaces: {
    create(input: {
      name: string;
      allowedReturnOrigins?: string[];
      allowedRedirectUris?: string[];
      sharedProviders?: string[];
    }): Promise<Workspace>;
    get(id: string): Promise<Workspace>;
    /** Replaces the settings given (name, allowed origins and redirect URIs, shared providers). */
    update(
      id: string,
      input: {
        name?: string;
        allowedReturnOrigins?: string[];
        allowedRedirectUris?: string[];
        sharedProviders?: string[];
      },
    ): Promise<Workspace>;
    list(): Promise<Workspace[]>;
    /**
     * Deletes a workspace: at once, it answers not_found and its keys and connect sessions are gone; in the
     * background, each connection is revoked and deleted with its `connection.deleted` event, and the workspace
     * row goes once those events are delivered. Answers how many connections are to go.
     */
    delete(id: string): Promise<{ connections: number }>;
  };
  /** What the connect pages show of each workspace's app. */
  branding: {
    get(workspaceId: string): Promise<Branding>;
    /** Replaces display name and accent colour (either may be null); the logo stays. */
    put(workspaceId: string, input: { displayName?: string | null; accentColor?: string | null }): Promise<Branding>;
    /** PNG, JPEG, WebP or SVG (sanitised), at most 256 KiB, as base64; the bytes must be the declared type. */
    putLogo(workspaceId: string, input: { contentType: string; data: string }): Promise<Branding>;
    deleteLogo(workspaceId: string): Promise<void>;
    /** The stored logo, or null; public (connect pages show it to anyone holding a link). */
    logo(workspaceId: string): Promise<Logo | null>;
    appearance(workspaceId: string): Promise<AppAppearance>;
  };
  apiKeys: {
    /** Returns the key's secret once; only its hash is stored. */
    create(
      workspaceId: string,
      input: { name?: string; scopes: ApiKeyScope[] },
    ): Promise<{ apiKey: ApiKey; key: string }>;
    list(workspaceId: string): Promise<ApiKey[]>;
    delete(workspaceId: string, keyId: string): Promise<void>;
  };
  oauthApps: {
    put(
      workspaceId: string,
      provider: string,
      input: { clientId: string; clientSecret?: string; scopes?: string[] },
    ): Promise<OAuthApp>;
    get(workspaceId: string, provider: string): Promise<OAuthApp>;
    delete(workspaceId: string, provider: string): Promise<void>;
  };
  connectSessions: {
    create(workspaceId: string, input: CreateConnectSessionInput): Promise<ConnectSession>;
    /** One of the workspace's sessions: the providers it offers, the one picked so far, and its status. */
    get(workspaceId: string, sessionId: string): Promise<ConnectSession>;
    /** A live session as its connect page shows it; `display` records how the page was opened. */
    open(sessionId: string, options?: { display?: ConnectDisplay }): Promise<ConnectSessionView>;
    /**
     * Binds the provider the user picked on a chooser's connect page, once: a second pick is a conflict (detail
     * `provider: already chosen`), a provider the session does not offer a validation_error. Then `open` shows
     * the page of a session made for that provider.
     */
    choose(sessionId: string, input: { provider: string }): Promise<void>;
    /**
     * Completes a live session of an api_key / basic / raw provider with the fields the user typed in.
     * A validation_error (details name the field) or a rejection by the provider leaves the session usable.
     */
    submitCredentials(sessionId: string, fields: Record<string, unknown>): Promise<CallbackResult>;
  };
  /**
   * Completes the public `GET /oauth/callback`: state is the only proof of which workspace it belongs to.
   * Throws (not_found / validation_error) for an unknown, expired, replayed or missing state: then no
   * return URL can be trusted. Otherwise the result carries the session's `returnTo`.
   */
  completeCallback(query: CallbackQuery): Promise<CallbackResult>;
  connections: {
    /**
     * For apps that receive the provider's redirect themselves: the state must belong to this workspace (else
     * invalid_state). With the provider's `error` instead of `code`, the session ends and the answer says why.
     */
    completeCallback(
      workspaceId: string,
      input: {
        provider: string;
        code?: string;
        error?: string;
        errorDescription?: string;
        state: string;
        redirectUri: string;
        params?: Record<string, string>;
      },
    ): Promise<ApiCallbackResult>;
    create(workspaceId: string, input: CreateConnectionInput): Promise<Connection>;
    list(workspaceId: string, input?: ListConnectionsInput): Promise<{ data: Connection[]; nextCursor: string | null }>;
    /** The owner's newest active connection for a provider, else the workspace's shared one; not_found otherwise. */
    current(workspaceId: string, input: { provider: string; ownerId?: string | undefined }): Promise<Connection>;
    get(workspaceId: string, id: string): Promise<Connection>;
    /** Decrypted credentials, refreshed first when due; callers must hold `credentials:read`. */
    credentials(workspaceId: string, id: string): Promise<Credentials>;
    /**
     * Runs a plugin's named action (`list-properties`, `select-page`, ...) and answers its output. Name the
     * action's type (`runAction<typeof search>(...)`, one made by `defineAction`) to have its input and output typed.
     */
    runAction<A extends ActionDefinition = ActionDefinition>(
      workspaceId: string,
      id: string,
      name: string,
      input: z.input<A['input']>,
    ): Promise<z.output<A['output']>>;
    /** Forces a token refresh (OAuth2 only) and answers the connection afterwards. */
    refresh(workspaceId: string, id: string): Promise<Connection>;
    delete(workspaceId: string, id: string): Promise<void>;
  };
  webhooks: {
    /** The signing secret is returned once; it is stored encrypted. */
    create(
      workspaceId: string,
      input: { url: string; description?: string; events?: EventType[] },
    ): Promise<{ webhook: WebhookEndpoint; secret: string }>;
    list(workspaceId: string): Promise<WebhookEndpoint[]>;
    get(workspaceId: string, id: string): Promise<WebhookEndpoint>;
    delete(workspaceId: string, id: string): Promise<void>;
    deliveries(workspaceId: string, id: string, limit?: number): Promise<WebhookDelivery[]>;
  };
  /** The authenticated proxy (scope `proxy`): the caller's request, signed with the connection's credentials. */
  proxy: {
    forward(workspaceId: string, connectionId: string, request: ProxyRequest): Promise<ProxyResponse>;
  };
  /** What AI agents use through the MCP endpoint: tokens for one end user, their connections, the audit trail. */
  agents: {
    /** Mints a short-lived MCP token for one owner (`{ ownerId, providers?, tools?, expiresIn? }`), signed by the hub. */
    mintToken(workspaceId: string, keyId: string, input: unknown): Promise<MintedMcpToken>;
    /** True when a bearer has an MCP token's shape. */
    isToken(bearer: string): boolean;
    /** The grant an MCP token carries; throws unauthorized when it is forged, expired or its key is gone. */
    verifyToken(token: string): Promise<AgentGrant>;
    /** The owner's connections and the workspace's shared ones (the owner's first, newest first). */
    connections(workspaceId: string, ownerId: string, providers: string[] | null): Promise<Connection[]>;
    /** The connection a tool call uses: the one named (if visible to the owner), else the best match, else null. */
    pickConnection(
      workspaceId: string,
      ownerId: string,
      provider: string,
      connectionId?: string | undefined,
    ): Promise<Connection | null>;
    /** Appends a tool call to the audit trail (the events table). */
    recordToolCall(workspaceId: string, call: ToolCallRecord): Promise<void>;
    /** The workspace's latest tool calls, newest first. */
    toolCalls(workspaceId: string, limit?: number): Promise<(ToolCallRecord & { id: string; createdAt: string })[]>;
  };
  /** Background work a host runs: proactive refresh, webhook delivery, deletions. `close()` stops them. */
  background: {
    /** Starts what `which` names (default: both); already running work is left as it is. */
    start(which?: BackgroundWork): void;
    stop(): Promise<void>;
    /** One refresh pass now (tests, CLI); returns how many connections it handled. */
    refreshDue(): Promise<number>;
    /** One delivery pass now; returns how many deliveries succeeded. */
    deliverDue(): Promise<number>;
    /** One deletion pass now (expired connections, deleted workspaces); returns how many connections it deleted. */
    deleteDue(): Promise<number>;
  };
  /** Applies pending migrations (also run by `createHub` unless `migrate: false`). */
  migrate(): Promise<void>;
  /** Checks the database answers. */
  ready(): Promise<boolean>;
  /** The encryption key ring against what is stored. */
  encryption: {
    /** Re-encrypts every stored envelope with the first key, in batches; resumable and safe while serving. */
    rotate(options?: { batchSize?: number; onBatch?(report: ReencryptReport): void }): Promise<ReencryptReport>;
    /** Opens a sample of stored envelopes; names the key ids the ring lacks. */
    check(sample?: number): Promise<KeyRingCheck>;
  };
  /** Connections by provider and status, and the webhook backlog: one cheap grouped query each (gauges). */
  stats(): Promise<HubStats>;
  /**
   * Stops the background loops, closes the connections to providers, releases the refresh leases this process
   * holds and closes the database. With `timeoutMs`, work still under way then (a pass, an upstream request
   * that never answers) is abandoned or destroyed instead of awaited.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}
