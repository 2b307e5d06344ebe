import type { Provider } from './contract/types.js';
import { sha256 } from './crypto/secrets.js';
import type { ProviderSummary } from './model.js';

/** A loaded provider as the API lists it; `publicUrl` is the hub's, where its logo is served. */
export function summarizeProvider(provider: Provider<unknown>, publicUrl: string): ProviderSummary {
  return {
    id: provider.id,
    name: provider.name,
    authType: provider.auth.type,
    defaultScopes: provider.auth.type === 'oauth2' ? provider.auth.scopes.default : [],
    scopeDescriptions: provider.auth.type === 'oauth2' ? (provider.auth.scopes.descriptions ?? {}) : {},
    // Served by the hub's `/provider-logos/:id` route, versioned by content: cached for good, renewed with the logo.
    logoUrl: provider.logo
      ? `${publicUrl}/provider-logos/${encodeURIComponent(provider.id)}?v=${sha256(provider.logo)}`
      : null,
    actions: Object.keys(provider.actions ?? {}),
    // A base URL computed from a connection's metadata (Zoho's data centres) has no single value to show.
    apiBaseUrl: typeof provider.api?.baseUrl === 'string' ? provider.api.baseUrl : null,
    importUnsupported: provider.auth.type === 'oauth2' ? (provider.auth.importUnsupported ?? null) : null,
  };
}
