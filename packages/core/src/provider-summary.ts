import type { Provider } from './contract/types.js';
import type { ProviderSummary } from './model.js';

/** A loaded provider as the API lists it. */
export function summarizeProvider(provider: Provider<unknown>): ProviderSummary {
  return {
    id: provider.id,
    name: provider.name,
    authType: provider.auth.type,
    defaultScopes: provider.auth.type === 'oauth2' ? provider.auth.scopes.default : [],
    actions: Object.keys(provider.actions ?? {}),
    // A base URL computed from a connection's metadata (Zoho's data centres) has no single value to show.
    apiBaseUrl: typeof provider.api?.baseUrl === 'string' ? provider.api.baseUrl : null,
  };
}
