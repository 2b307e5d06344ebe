import type { FakeClientAuth, FakeProvider, FakeRequest, FakeResponse } from '../fake/types.js';

/** What `testProvider` needs to prove a plugin against a fake of its provider. */
export interface ConformanceSetup<Options = unknown> {
  /** Which provider of a record of factories (google's `gmail`). */
  provider?: string;
  /** Starts the fake this provider is tested against (called once per suite). */
  fake: () => Promise<FakeProvider>;
  /** The plugin's options for this fake (endpoint overrides pointing at `fake.origin`, client id/secret). */
  options: (fake: FakeProvider) => Options;
  /** What the suite expects: `ConformanceExpectations` for an OAuth2 plugin, `FieldsExpectations` for a typed-in one. */
  expect: ConformanceExpectations | FieldsExpectations;
}

/** What the suite checks an OAuth2 plugin does, against the fake's answers. */
export interface ConformanceExpectations {
  /** Default scopes, joined in the authorization URL with the plugin's separator. */
  scopes?: string[];
  /** Params that must be in the authorization URL (`access_type=offline`, ...). */
  authorizationParams?: Record<string, string>;
  /** Whether `code_challenge_method=S256` must be sent. */
  pkce: boolean;
  /** Typed-in credentials belong to `FieldsExpectations` (this keeps the two apart for the compiler). */
  credentials?: undefined;
  /** Where the token and revoke requests must carry the client credentials. */
  clientAuth: FakeClientAuth;
  /** The token request body format; default: the plugin's declared `tokenRequestFormat` (else `form`). */
  tokenRequestFormat?: 'form' | 'json';
  /** Extra callback params the fake's approve adds (Zoho's `location`). */
  callbackExtra?: Record<string, string>;
  /** The connection made from the fake's answers. */
  account: { id: string; name?: string; metadata?: Record<string, unknown> };
  /** How the plugin refreshes. */
  refresh: 'standard' | 'custom' | 'none';
  /** The `inject` endpoint a refresh goes through (for the error tests); default `token:refresh_token` for standard refresh, `token` for custom. */
  refreshEndpoint?: string;
  /** How this provider answers a dead grant and an outage at `refreshEndpoint`; defaults: 400 `invalid_grant`, 500 `server_error`. */
  errors?: { invalidGrant?: FakeResponse; serverError?: FakeResponse };
  /** Whether delete calls the revoke endpoint. */
  revocation: boolean;
  /** Checks each signed API request the fake received during the account step (auth header scheme, appsecret_proof, default headers). Default: `Authorization: Bearer <access token>`. */
  signedRequest?: (request: FakeRequest, accessToken: string) => void;
  /** Secrets that must never appear in any response or log line (besides every token the fake issued and the client secret). */
  canaries?: (fake: FakeProvider) => string[];
}

/** What the suite checks an `api_key`, `basic` or `raw` plugin does, against the fake's answers. */
export interface FieldsExpectations {
  /** Credentials the fake accepts, as the user types them (no `type`): `{ apiKey }`, `{ username, password }`, or the plugin's fields. */
  credentials: Record<string, string>;
  /** OAuth2 only (`ConformanceExpectations`; this keeps the two apart for the compiler). */
  pkce?: undefined;
  /** The fake route `verify` checks credentials at (`'GET /v1/account'`): the suite makes it refuse them and fail. `null`: the plugin has no `verify`. */
  verifyRoute: string | null;
  /** The connection made with `credentials`; absent: any account id. */
  account?: { id: string; name?: string; metadata?: Record<string, unknown> };
  /** How this provider refuses credentials and answers an outage at `verifyRoute`; defaults: 401 `invalid_api_key`, 503. */
  errors?: { refused?: FakeResponse; outage?: FakeResponse };
  /** Checks each request the fake received while connecting. Default: `Authorization: Bearer <apiKey>` (api_key), `Basic` (basic); required for raw. */
  signedRequest?: (request: FakeRequest, credentials: Record<string, string>) => void;
  /** Secrets that must never appear in any response or log line (besides the credentials' key, secret, password and token fields). */
  canaries?: (fake: FakeProvider) => string[];
}

/** A setup for an OAuth2 plugin. */
export type OAuth2ConformanceSetup<Options = unknown> = ConformanceSetup<Options> & { expect: ConformanceExpectations };

/** A setup for an `api_key`, `basic` or `raw` plugin. */
export type FieldsConformanceSetup<Options = unknown> = ConformanceSetup<Options> & { expect: FieldsExpectations };
