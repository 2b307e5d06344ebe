import type { ScopeDescription } from '@plugboard/core';

/** Dotted paths into a JSON answer (`data.viewer.id`) naming an account's id, display name and email. */
export interface AccountFields {
  id: string;
  /** Tried in order; the first non-empty string names the account. */
  name?: string[] | undefined;
  email?: string | undefined;
}

/** An OAuth2 provider as data, run on the generic OAuth2 engine (`@plugboard/provider-oauth2`). */
export interface OAuth2Preset {
  id: string;
  name: string;
  category: Category;
  /** Brand colour (`#rrggbb`): the tile of the drawn logo (see `tileLogo`). */
  color: string;
  /** The logo's one or two letters where the name's (`monogramOf`) would mislead. */
  monogram?: string | undefined;
  /** The provider's OAuth documentation this entry was taken from. */
  docs: string;
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string | undefined;
  /** Default scopes, their separator, and each default scope in plain words for the connect page. */
  scopes: { default: string[]; separator?: string | undefined; descriptions: Record<string, ScopeDescription> };
  pkce: 'S256' | 'none';
  /** How the client authenticates at the token endpoint. */
  clientAuth: 'basic' | 'post';
  /** Extra authorization parameters (`access_type=offline`, `duration=permanent`, `audience=...`). */
  authorizationParams?: Record<string, string> | undefined;
  /** Where proxied calls go; relative account paths resolve against it. */
  apiBaseUrl: string;
  /** Hosts hooks and the proxy may reach besides the API base URL's. */
  hosts?: string[] | undefined;
  /**
   * Who connected: GET (or POST, for GraphQL) `url` and read the fields from its answer, or read them from the
   * token response itself.
   */
  account:
    | ({ from: 'api'; url: string; method?: 'GET' | 'POST' | undefined; body?: string | undefined } & AccountFields)
    | ({ from: 'tokenResponse' } & AccountFields);
  /** Does the provider issue refresh tokens (with the default authorization parameters)? */
  refreshTokens: boolean;
  /** What else an integrator should know (token lifetimes, per-tenant hosts); shown in docs/providers.md. */
  notes?: string | undefined;
}

/** How an API key is sent. */
export type KeyPlacement =
  | { type: 'bearer' }
  | { type: 'header'; name: string; prefix?: string | undefined }
  | { type: 'basic'; as: 'username' | 'password'; other?: string | undefined };

/** A provider whose users paste an API key, checked against a verify endpoint before the connection is saved. */
export interface ApiKeyPreset {
  id: string;
  name: string;
  category: Category;
  /** Brand colour (`#rrggbb`): the tile of the drawn logo (see `tileLogo`). */
  color: string;
  /** The logo's one or two letters where the name's (`monogramOf`) would mislead. */
  monogram?: string | undefined;
  /** The provider's authentication documentation. */
  docs: string;
  apiBaseUrl: string;
  key: KeyPlacement;
  /** A cheap authenticated GET (relative to the API base URL) that answers who the key belongs to. */
  verify: { path: string } & Partial<AccountFields>;
  /** Headers every call needs (an API version). */
  headers?: Record<string, string> | undefined;
  notes?: string | undefined;
}

/** What a provider is for, to group docs/providers.md. */
export type Category =
  | 'CRM'
  | 'Support'
  | 'Productivity'
  | 'Developer tools'
  | 'Accounting & payments'
  | 'Marketing'
  | 'Storage'
  | 'Communication'
  | 'E-commerce'
  | 'Social'
  | 'Identity'
  | 'Analytics'
  | 'HR & recruiting'
  | 'Design'
  | 'AI';
