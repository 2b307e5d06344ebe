import type { Provider } from './contract/types.js';
import type { ProviderSummary } from './model.js';

/** A loaded provider as the API lists it. */
export function summarizeProvider(provider: Provider<any>): ProviderSummary {
  return {
    id: provider.id,
    name: provider.name,
    authType: provider.auth.type,
    defaultScopes: provider.auth.type === 'oauth2' ? provider.auth.scopes.default : [],
    actions: Object.keys(provider.actions ?? {}),
  };
}
