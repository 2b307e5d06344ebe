import type { ErrorDetail } from '@plugboard/core';
import type { HubConfig } from './load.js';

/** Plugins meant for development only: `plugboard start` refuses them unless the config says `allowSandbox: true`. */
export const DEV_ONLY_PLUGINS = ['@plugboard/provider-sandbox'];

/** The config's dev-only provider entries that `allowSandbox` does not allow, one problem each. */
export function refusedDevOnlyProviders(config: Pick<HubConfig, 'providers' | 'allowSandbox'>): ErrorDetail[] {
  if (config.allowSandbox) return [];
  return config.providers.flatMap((entry, index) =>
    DEV_ONLY_PLUGINS.includes(entry.use)
      ? [
          {
            path: `providers[${index}].use`,
            message:
              'the sandbox provider is for development: plugboard start refuses it unless the config says allowSandbox: true',
          },
        ]
      : [],
  );
}
