import type { AccountInfo, CredentialType, Provider, ScopeDescription } from './contract/types.js';

/** Scopes a workspace API key can hold. */
export const API_KEY_SCOPES = ['connections:read', 'connections:write', 'credentials:read', 'proxy', 'mcp'] as const;
/** One API key scope. */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Who is calling: the admin (config's admin key) or a workspace key with its scopes. */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'workspace'; workspaceId: string; keyId: string; scopes: ApiKeyScope[] };

/**
 * What an AI agent may do through the MCP endpoint: act for one end user (`ownerId`), on that user's and the
 * workspace's shared connections, optionally narrowed to some providers and tools. Made from an MCP token, or
 * from a workspace key with the `mcp` scope and an `ownerId` the caller names.
 */
export interface AgentGrant {
  workspaceId: string;
  /** The workspace key that authenticated, or minted the token: deleting it ends the grant. */
  keyId: string;
  ownerId: string;
  /** Provider ids the agent may use; null for every loaded provider. */
  providers: string[] | null;
  /** Tool names (`gmail.search-messages`) or provider wildcards (`gmail.*`) the agent may call; null for all. */
  tools: string[] | null;
  /** The MCP token's id (its rate-limit and audit identity), or null for a key used directly. */
  tokenId: string | null;
  expiresAt: string | null;
}

/** A tenant: its connections, keys and OAuth apps are invisible to every other workspace. */
export interface Workspace {
  id: string;
  name: string;
  /** Origins (`https://app.example.com`) a connect session's `returnTo` may point at, matched exactly. */
  allowedReturnOrigins: string[];
  /** Redirect URIs besides `${publicUrl}/oauth/callback` that connect sessions may use. */
  allowedRedirectUris: string[];
  /** Providers whose connections are the workspace's, shared by its users, unless a request says otherwise. */
  sharedProviders: string[];
  createdAt: string;
  updatedAt: string;
}

/** What a workspace's users see of its app on the connect pages; every field may be left unset. */
export interface Branding {
  /** The app's name on the pages; the workspace's name when null. */
  displayName: string | null;
  /** `#rrggbb`: the pages' buttons and top edge. */
  accentColor: string | null;
  /** The uploaded logo; its bytes are served by the hub, never in this object. */
  logo: { contentType: string; sha256: string; size: number } | null;
  updatedAt: string | null;
}

/** How the connect pages present the app a user is connecting to. */
export interface AppAppearance {
  workspaceId: string;
  name: string;
  accentColor: string | null;
  /** The logo's hash (a cache-busting version in its URL), or null without a logo. */
  logoVersion: string | null;
}

/** An API key as listed: never the secret. */
export interface ApiKey {
  id: string;
  workspaceId: string;
  name: string;
  /** The key's visible prefix, to recognise it in a list (`pbk_01h...`). */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
}

/** A workspace's own OAuth client for a provider; the secret is never returned. */
export interface OAuthApp {
  provider: string;
  clientId: string;
  hasClientSecret: boolean;
  scopes: string[] | null;
  createdAt: string;
  updatedAt: string;
}

/** Connection statuses. */
export type ConnectionStatus = 'active' | 'reauth_required' | 'error';

/** A connected account, as the API shows it: never its credentials or secrets. */
export interface Connection {
  id: string;
  workspaceId: string;
  provider: string;
  /** The provider's display name (its id when the hub no longer loads it). */
  providerName: string;
  ownerId: string | null;
  shared: boolean;
  accountId: string;
  accountName: string | null;
  status: ConnectionStatus;
  scopes: string[];
  credentialType: CredentialType;
  tokenExpiresAt: string | null;
  /** When the refresh token stops working, where the provider says; null otherwise. */
  refreshTokenExpiresAt: string | null;
  lastRefreshedAt: string | null;
  lastUsedAt: string | null;
  lastError: { code: string; message: string } | null;
  metadata: Record<string, unknown>;
  /** End-user tags: string key/values, filterable in listings. */
  tags: Record<string, string>;
  /** The caller's name for the connection. */
  name: string | null;
  /** When the hub deletes the connection by itself (event `connection.expired`); null: never. */
  expiresAt: string | null;
  /** Raw credential fields `/credentials` never answers (they still sign proxied calls). */
  redactFields: string[];
  createdAt: string;
  updatedAt: string;
}

/** Where a connect session stands: `open` until its flow ends (`used`) or it runs out of time (`expired`). */
export type ConnectSessionStatus = 'open' | 'used' | 'expired';

/** A started connect flow, as the API shows it. */
export interface ConnectSession {
  id: string;
  /** The provider the session connects; null until the user picks one of `providers` on the connect page. */
  provider: string | null;
  /** The providers the session offers (one, when it was made for one provider). */
  providers: string[];
  /** Where to send the user: the provider's consent page (oauth2) or the hub's connect page. */
  authorizationUrl: string | null;
  connectUrl: string;
  expiresAt: string;
  status: ConnectSessionStatus;
}

/**
 * What a callback with a valid state produced: a connection, or the provider's (or exchange's) error.
 * `returnTo` is the session's own, checked against the workspace's origins when the session was made.
 */
export type CallbackResult = (
  | { ok: true; connection: Connection }
  | { ok: false; error: { code: string; message: string } }
) & {
  returnTo: string | null;
  sessionId: string;
  /** The session's workspace and provider: whose pages say what happened, and about which account. */
  workspaceId: string;
  provider: string;
  /** How the connect page was opened: a popup's last page posts the outcome to its opener and closes. */
  display: ConnectDisplay;
  /** The language the session asked the pages to speak, or null (the browser's `Accept-Language`). */
  locale: string | null;
};

/**
 * What the API callback answers: the connection, or the error the provider reported (the session has ended);
 * either way the session's `returnTo`, for the app to send its user on.
 */
export type ApiCallbackResult = (
  | { connection: Connection; error: null }
  | { connection: null; error: { code: string; message: string } }
) & { returnTo: string | null };

/** How a connect page is shown: a full page (redirects back to returnTo) or a popup (posts to its opener). */
export type ConnectDisplay = 'page' | 'popup';

/** A live connect session as its hosted connect page shows it (the session id is the capability). */
export interface ConnectSessionView {
  id: string;
  /** The app asking: its workspace's branding. */
  app: AppAppearance;
  /** The provider the session connects; null while the page asks the user to pick one of `providers`. */
  provider: ProviderSummary | null;
  /** The providers the session offers, in its order (those the hub still loads). */
  providers: ProviderSummary[];
  /** The scopes asked for (oauth2). */
  scopes: string[];
  returnTo: string | null;
  /** The origin a popup may post its outcome to: returnTo's origin, or null. */
  returnOrigin: string | null;
  display: ConnectDisplay;
  /** The language the session asked the pages to speak, or null (the browser's `Accept-Language`). */
  locale: string | null;
  expiresAt: string;
  /** Where Approve goes (oauth2), or null for providers whose credentials are typed in. */
  authorizationUrl: string | null;
  /** JSON Schema of the fields to collect (api_key, basic, raw), or null. */
  fields: Record<string, unknown> | null;
}

/** A loaded provider as the API lists it. */
export interface ProviderSummary {
  id: string;
  name: string;
  authType: Provider['auth']['type'];
  defaultScopes: string[];
  /** Scopes in plain words, as the provider describes them (empty when it does not). */
  scopeDescriptions: Record<string, ScopeDescription>;
  /** The provider's sanitised logo on the hub's own origin, or null without one. */
  logoUrl: string | null;
  actions: string[];
  /** Where proxied calls go by default; null when it depends on the connection or the provider has no API. */
  apiBaseUrl: string | null;
  /** Why OAuth2 tokens of this provider cannot be imported with `POST /v1/connections`; null when they can. */
  importUnsupported: string | null;
}

/** Re-exported so hosts can type account data without importing the contract. */
export type { AccountInfo };
