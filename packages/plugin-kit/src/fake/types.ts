/** How a fake provider answers refresh grants (see `FakeProviderOptions.refreshTokens`). */
export type RefreshTokenMode = 'keep' | 'rotate' | 'omit' | 'none';

/** Where a token, refresh or revoke request carries the client credentials. */
export type FakeClientAuth = 'basic' | 'post' | 'query' | 'json';

/** One request the fake received, as recorded in `FakeProvider.requests`. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lowercased names; repeated headers joined with `, `. */
  headers: Record<string, string | undefined>;
  body: string;
  /** The body's parameters, when it was `application/x-www-form-urlencoded`. */
  form?: URLSearchParams;
  /** The parsed body, when it was JSON. */
  json?: unknown;
}

/** An answer from a route handler, an injection or a `tokenResponse` hook. A string body is sent as is, anything else as JSON. */
export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request to an API route, with what the fake knows about the access token it carries. */
export type FakeRouteRequest = FakeRequest & { tokenValid: boolean; token: string | undefined };

/** Answers one API route of the fake provider; `fake` lets a provider's own token endpoint (Meta's long-lived exchange) mint tokens with `fake.issue`. */
export type FakeRouteHandler = (request: FakeRouteRequest, fake: FakeProvider) => FakeResponse | Promise<FakeResponse>;

/** What `createFakeProvider` accepts; every knob has a default that behaves like a strict RFC 6749 provider. */
export interface FakeProviderOptions {
  /** Default `fake-client-id`. */
  clientId?: string;
  /** Default a random `fake-secret-...`. */
  clientSecret?: string;
  /** Where the token, refresh and revoke endpoints expect client credentials: Authorization Basic (RFC 6749 2.3.1 form-urlencoded halves), body params, query string params, or fields of a JSON body. Default `basic`. */
  clientAuth?: FakeClientAuth;
  /** Default `form`; with `json` the endpoint refuses form bodies (and `form` refuses JSON ones). */
  tokenRequestFormat?: 'form' | 'json';
  /** Default `optional`: a challenge sent with the authorization request is verified at the token endpoint. */
  pkce?: 'required' | 'optional' | 'none';
  /** Seconds, default 3600; null = tokens never expire (no `expires_in`). */
  accessTokenTtl?: number | null;
  /** keep: refresh answers echo the same refresh_token; rotate: a new one each time and the old one becomes invalid_grant; omit: refresh answers carry no refresh_token; none: no refresh tokens at all. Default `keep`. */
  refreshTokens?: RefreshTokenMode;
  /** Default `' '`. */
  scopeSeparator?: string;
  /** Default: all requested. */
  grantedScopes?: (requested: string[]) => string[];
  /** Reshapes a successful token endpoint answer (Slack's `{ok:true,...,authed_user}`, Zoho's `api_domain`, Notion's workspace fields). */
  tokenResponse?: (
    standard: Record<string, unknown>,
    context: { grantType: string; request: FakeRequest },
  ) => { status?: number; body: unknown; headers?: Record<string, string> };
  /** API routes, keyed `'METHOD /path'` (exact path match; query ignored). */
  routes?: Record<string, FakeRouteHandler>;
  /** Endpoint paths; defaults `/oauth/authorize`, `/oauth/token`, `/oauth/revoke`. `revoke: null` for a provider without revocation. */
  paths?: { authorize?: string; token?: string; revoke?: string | null };
}

/** An answer `inject` puts in front of an endpoint: a replacement answer, a delay, or both. */
export type FakeInjection = FakeResponse & { delayMs?: number; times?: number };

/** One token answer the fake gave. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  grantType: string;
}

/** A scriptable OAuth2 provider on loopback that records every request. */
export interface FakeProvider {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `origin + path` */
  url(path: string): string;
  clientId: string;
  clientSecret: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** The recorded requests to one path. */
  requestsTo(path: string): FakeRequest[];
  /** Plays the user approving an authorization URL and returns the callback query (`{ code, state, ...extra }`) without requesting it; throws when the URL is invalid for this provider. */
  approve(authorizationUrl: string, extra?: Record<string, string>): Promise<Record<string, string>>;
  /** The user pressing Deny: `{ error: 'access_denied', state }`. */
  deny(authorizationUrl: string): Record<string, string>;
  /** The next `times` (default 1) requests to `endpoint` (`token`, `token:<grant_type>`, `revoke`, or a route key like `GET /me`) get this answer instead, after `delayMs`; a delay without status or body only delays the real answer. */
  inject(endpoint: string, answer: FakeInjection): void;
  /** Drops every injection not yet consumed (the conformance suite calls it after each test). */
  clearInjections(): void;
  /** Every token answer, in order. */
  issued: IssuedTokens[];
  /** Tokens revoked via the revoke endpoint. */
  revoked: string[];
  /** True while an access token is known, unexpired and not revoked. */
  isLive(accessToken: string): boolean;
  /** Mints live tokens of a new grant outside the token endpoint (for a provider's own refresh or exchange route), recorded in `issued`. */
  issue(grantType: string, scopes?: string[]): IssuedTokens;
  /** Sets the lifetime of access tokens issued from now on (null: never expire); answers the previous one. */
  setAccessTokenTtl(seconds: number | null): number | null;
  /** Sets how refresh grants answer from now on; answers the previous mode. */
  setRefreshTokens(mode: RefreshTokenMode): RefreshTokenMode;
  close(): Promise<void>;
}
