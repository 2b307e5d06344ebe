import type { z } from 'zod';

/** The provider contract version this core implements. A plugin declares the one it was written for. */
export const SPEC_VERSION = 1 as const;

/**
 * The contract's minor version: additions a 1.x plugin may use and a 1.0 core ignores (1.1: branded errors,
 * engine-set provider ids, readProviderJson, mapTokenResponse, verify returning the account, action annotations;
 * 1.2: a provider's `logo` and `auth.scopes.descriptions`; 1.3: `auth.importUnsupported`).
 */
export const SPEC_MINOR = 3 as const;

/** Brand of a provider object; plugins are detected by this, never by class or constructor name. */
export const PROVIDER_KIND = 'plugboard.provider' as const;

/** Brand of a provider factory (a plugin's default export, or one entry of its record of factories). */
export const PROVIDER_FACTORY_KIND = 'plugboard.provider-factory' as const;

/** A token set as Plugboard keeps it, after the plugin's `parseTokenResponse` quirks are applied. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  tokenType: string;
  /** ISO-8601 UTC; absent when the provider's tokens do not expire. */
  expiresAt?: string | undefined;
  /** When the refresh token stops working (ISO-8601 UTC), where the provider says (`refresh_token_expires_in`). */
  refreshTokenExpiresAt?: string | undefined;
  /** Granted scopes when the provider says which (may be fewer than asked). */
  scopes?: string[] | undefined;
  idToken?: string | undefined;
  /**
   * Further secret values a provider returns with the tokens (Slack's user token next to the bot token),
   * kept encrypted with the credentials and never returned by the API.
   */
  extra?: Record<string, string> | undefined;
}

/** Decrypted credentials of a connection. Never serialized into a response unless `credentials:read` asks. */
export type Credentials =
  | ({ type: 'oauth2' } & TokenSet)
  | { type: 'api_key'; apiKey: string; [field: string]: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'raw'; [field: string]: string };

/** Which kind of credential a connection holds. */
export type CredentialType = Credentials['type'];

/** Who connected: `id` dedupes reconnects; `metadata` is non-secret and typed by the plugin. */
export interface AccountInfo<M = Record<string, unknown>> {
  id: string;
  name?: string | undefined;
  metadata?: M | undefined;
  /** Secrets to keep beyond the token set (Meta page tokens): stored encrypted, never in metadata or responses. */
  secrets?: Record<string, string> | undefined;
}

/** A fetch bound to one connection: signs with its credentials and only reaches the provider's declared hosts. */
export type ProviderFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** What a plugin's `account` hook receives. */
export interface AccountContext {
  credentials: Credentials;
  /** The raw token response (oauth2 only), for providers that put account data in it. */
  tokenResponse?: Record<string, unknown> | undefined;
  /** Claims of a validated ID token (OpenID Connect providers only). */
  idTokenClaims?: Record<string, unknown> | undefined;
  /** Provider-specific callback values, already validated by `auth.callbackParams`. */
  callbackParams?: Record<string, string> | undefined;
  /** The userinfo endpoint, from `auth.userinfoUrl` or the issuer's discovery document. */
  userinfoUrl?: string | undefined;
  fetch: ProviderFetch;
}

/** A request about to leave for the provider; `authorize` signs it in place. */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Headers;
}

/** What a plugin's `parseTokenResponse` hook receives and must turn into a TokenSet (or throw). */
export interface TokenResponseContext {
  body: Record<string, unknown>;
  status: number;
  /** The token set the standard parser made, when it could make one. */
  standard: TokenSet | undefined;
}

/** Where a provider's token endpoint is for one connection (a data centre chosen at the callback). */
export interface EndpointContext {
  /** The callback's extra parameters, validated by `auth.callbackParams` (during the code exchange only). */
  callbackParams?: Record<string, string> | undefined;
  /** The connection's validated metadata (for refresh and revocation). */
  metadata: Record<string, unknown>;
}

/** What a plugin's `refresh` hook receives. */
export interface RefreshContext {
  credentials: Extract<Credentials, { type: 'oauth2' }>;
  metadata: Record<string, unknown>;
  client: { clientId: string; clientSecret?: string | undefined };
  /** Runs the standard refresh-token grant (RFC 6749 section 6) and returns its token set. */
  standard(): Promise<TokenSet>;
  /** Plain fetch to the provider's declared hosts, for a provider's own refresh endpoint. */
  fetch: ProviderFetch;
}

/** How a provider's error answer should be treated. */
export type ErrorClass = 'reauth_required' | 'retryable' | 'rate_limited' | 'fatal';

/** A scope as the connect page tells the end user about it. */
export interface ScopeDescription {
  /** One short sentence saying what the app may do with it: `Read your email`. */
  text: string;
  /** Reaches private data or acts for the user: the connect page marks it. */
  sensitive?: boolean | undefined;
}

/** The scopes an OAuth2 provider asks for, and how the connect page words them. */
export interface ScopesConfig {
  default: string[];
  separator?: string | undefined;
  /** Scopes in plain words (1.2); a scope without one is shown by its name. */
  descriptions?: Record<string, ScopeDescription> | undefined;
}

/** OAuth2 authorization-code providers. Data first; hooks only for real quirks. */
export interface OAuth2Auth {
  type: 'oauth2';
  /** OIDC issuer; when `authorizationUrl`/`tokenUrl` are omitted they come from its discovery document. */
  issuer?: string | undefined;
  authorizationUrl?: string | undefined;
  /** Fixed, or chosen per connection from a fixed table (Zoho's data centres); never a raw callback value. */
  tokenUrl?: string | ((context: EndpointContext) => string) | undefined;
  revocationUrl?: string | ((context: EndpointContext) => string) | undefined;
  userinfoUrl?: string | undefined;
  /** The client from the plugin's options; a workspace's own OAuth app overrides it. */
  client?: { clientId: string; clientSecret?: string | undefined } | undefined;
  scopes: ScopesConfig;
  /** PKCE method; `S256` unless the provider cannot do it. */
  pkce?: 'S256' | 'none' | undefined;
  /** How the client authenticates at the token endpoint; `basic` by default. */
  clientAuth?: 'basic' | 'post' | 'query' | undefined;
  tokenRequestFormat?: 'form' | 'json' | undefined;
  /** Extra authorization parameters, e.g. `access_type=offline`. */
  authorizationParams?: Record<string, string> | undefined;
  /** Extra callback query parameters the provider sends; validated, never used raw as a URL. */
  callbackParams?: z.ZodType<Record<string, string>> | undefined;
  /**
   * Reads every token endpoint answer, errors included (GitHub and Slack say `error` with HTTP 200): throw a
   * ProviderError for an error answer. Most providers want `mapTokenResponse` instead.
   */
  parseTokenResponse?: ((context: TokenResponseContext) => TokenSet) | undefined;
  /**
   * Adjusts a successful token answer after the standard parser read it (error answers never reach it: the
   * engine classifies those), e.g. a comma-separated `scope` or an account id the token response carries.
   */
  mapTokenResponse?: ((context: { body: Record<string, unknown>; tokens: TokenSet }) => TokenSet) | undefined;
  /**
   * Refreshes a connection's tokens the provider's way (Meta's long-lived token exchange, Instagram's own
   * endpoint), or `'none'` when tokens cannot be refreshed. Absent: the standard refresh-token grant.
   * A result without a refresh token keeps the old one.
   */
  refresh?: ((context: RefreshContext) => Promise<TokenSet>) | 'none' | undefined;
  /**
   * Runs right after the code exchange, before `account` (Meta's short-lived to long-lived token swap):
   * the tokens it returns are the ones the account step and the connection get.
   */
  afterExchange?:
    | ((context: { tokens: TokenSet; client: RefreshContext['client']; fetch: ProviderFetch }) => Promise<TokenSet>)
    | undefined;
  /**
   * Revokes a grant the provider's own way when it has no RFC 7009 endpoint (GitHub's DELETE of the grant), or
   * `'none'`. Absent: RFC 7009 at `revocationUrl`, when declared. Throw to report a failed revocation.
   */
  revoke?: ((context: Omit<RefreshContext, 'standard'>) => Promise<void>) | 'none' | undefined;
  /** Classifies an error answer (token endpoint or API): `invalid_grant` and 401 mean reauth by default. */
  classifyError?: ((answer: { status: number; body: unknown }) => ErrorClass | undefined) | undefined;
  /**
   * Why tokens from elsewhere cannot make a connection (1.3), when they cannot: the account is named only by what
   * the code exchange answers (Slack's installing user). `POST /v1/connections` with OAuth2 tokens then answers
   * 400 with this reason, without calling the provider. Absent: importing works (`account` runs with the tokens
   * alone, plus the callback parameters the caller passes as `params`).
   */
  importUnsupported?: string | undefined;
}

/** Providers whose credentials are typed in by the user (API key, basic auth, or arbitrary fields). */
export interface FieldsAuth {
  type: 'api_key' | 'basic' | 'raw';
  /** The fields to collect (zod); defaults: `{ apiKey }` for api_key, `{ username, password }` for basic. */
  fields?: z.ZodType<Record<string, string>> | undefined;
  /**
   * Checks the credentials with the provider before a connection is saved. Throw a plain Error to refuse them
   * (the form shows a 400), a ProviderError for an outage. May answer the account (so `account` need not call
   * the provider again).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a 1.0 verify answers Promise<void>, and still fits.
  verify?: ((context: AccountContext) => Promise<void | AccountInfo>) | undefined;
  /** Classifies the provider's API error answers (readProviderJson); 401 is reauth_required by default. */
  classifyError?: ((answer: { status: number; body: unknown }) => ErrorClass | undefined) | undefined;
}

/** How a provider authenticates its users. */
export type AuthConfig = OAuth2Auth | FieldsAuth;

// Method syntax makes the parameter bivariant, so a Provider<{ domain: string }> is still a Provider<unknown>
// (the engine only passes it metadata its own metadataSchema validated).
type BaseUrlFunction<M> = { compute(context: { metadata: M }): string }['compute'];

/** The provider's API: where calls go and how they are signed. */
export interface ApiConfig<M = Record<string, unknown>> {
  /** Fixed, or computed from the connection's validated metadata (Zoho's `api_domain`). */
  baseUrl: string | BaseUrlFunction<M>;
  /** Hosts a request may reach; defaults to the base URL's host. */
  allowedHosts?: string[] | undefined;
  defaultHeaders?: Record<string, string> | undefined;
  /** Signs a request; `Authorization: Bearer <token>` by default (Basic for basic auth). */
  authorize?: ((request: OutgoingRequest, credentials: Credentials) => void | Promise<void>) | undefined;
}

/** Hints about what an action does, for agents and their users (MCP tool annotations); promises, not proofs. */
export interface ActionAnnotations {
  /** A short human title (`Search messages`). */
  title?: string | undefined;
  /** Only reads: changes nothing at the provider or in the connection. */
  readOnly?: boolean | undefined;
  /** May delete or overwrite something (meaningful when not read-only). */
  destructive?: boolean | undefined;
  /** Calling it twice with the same input has no further effect. */
  idempotent?: boolean | undefined;
}

/** A named, typed operation on a connection. */
export interface ActionDefinition<I = unknown, O = unknown> {
  /** What the action does, in a sentence an agent can act on; shown as the MCP tool's description. */
  description?: string | undefined;
  annotations?: ActionAnnotations | undefined;
  input: z.ZodType<I>;
  /** An allow-list: the output is parsed with it, so undeclared fields (a page token) never leave the server. */
  output: z.ZodType<O>;
  run(context: ActionContext<I>): Promise<O>;
}

/** What an action's `run` receives. */
export interface ActionContext<I = unknown> {
  input: I;
  credentials: Credentials;
  metadata: Record<string, unknown>;
  /** The connection's encrypted secrets (Meta page tokens), decrypted for this call. */
  secrets: Record<string, string>;
  /** A fetch signed with the connection's credentials, limited to the provider's declared hosts. */
  fetch: ProviderFetch;
  /** Merges into the connection's metadata (validated by the plugin's `metadataSchema`), e.g. a selected property. */
  updateMetadata(patch: Record<string, unknown>): Promise<void>;
}

/** HTTP routes a plugin serves inside the host (the sandbox's authorization server), Web-standard. */
export interface ProviderHttp {
  fetch(request: Request): Promise<Response>;
}

/** A loaded provider: a plain, branded object. */
export interface Provider<M = Record<string, unknown>> {
  kind: typeof PROVIDER_KIND;
  specVersion: typeof SPEC_VERSION;
  /** The contract minor version the plugin was built with; absent on 1.0 plugins. */
  specMinor?: number | undefined;
  id: string;
  name: string;
  /**
   * The provider's logo as SVG text (1.2), shown on the connect pages from the hub's own origin. The hub
   * sanitises it when it loads the provider (no scripts, styles or outside references) and refuses one that is
   * not an SVG.
   */
  logo?: string | undefined;
  auth: AuthConfig;
  api?: ApiConfig<M> | undefined;
  /** Validates the non-secret metadata `account` returns before it is stored. */
  metadataSchema?: z.ZodType<M> | undefined;
  account?: ((context: AccountContext) => Promise<AccountInfo<M>>) | undefined;
  actions?: Record<string, ActionDefinition> | undefined;
  http?: ProviderHttp | undefined;
  /**
   * Where its factory was told it lives (set by `defineProvider`); absent when it was built without a `publicUrl`.
   * `createHub` refuses a provider serving `http` routes that was built without the hub's `publicUrl` or for another.
   */
  context?: ProviderContext | undefined;
}

/** What the host tells a factory about where the provider lives. */
export interface ProviderContext {
  /** The id this provider has in the hub (the config's `id:`, or the definition's own). */
  id: string;
  /** The hub's public URL, e.g. `http://localhost:3000`. */
  publicUrl: string;
  /** Where the provider's `http` routes are mounted: `${publicUrl}/providers/${id}`. */
  mountUrl: string;
  /**
   * A 32-byte key of this installation for `label` (HKDF from the hub's encryption key, the provider id and the
   * label): the same in every process of one hub, unknown outside it. Absent when no hub built the provider.
   */
  installationKey?: ((label: string) => Buffer) | undefined;
}
