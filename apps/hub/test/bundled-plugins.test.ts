import { join } from 'node:path';
import { sanitizeSvg } from '@plugboard/core';
import { BUNDLED_PROVIDER_IDS, bundledProvidersYaml } from '@plugboard/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { loadProviders } from '../src/plugins/loader.js';
import { tempDir, writeFiles } from './fixtures.js';

describe('the bundled provider plugins', () => {
  it('load by package name from a config folder outside the workspace, every provider id of them, each with a logo and its default scopes in words', async () => {
    const dir = tempDir();
    try {
      writeFiles(dir.root, {
        'plugboard.yaml': `publicUrl: http://localhost:3000
encryptionKeys: ["${Buffer.alloc(32, 1).toString('base64')}"]
${bundledProvidersYaml()}`,
      });
      const config = await loadConfig(join(dir.root, 'plugboard.yaml'), { env: {} });
      const providers = await loadProviders(config, { configDir: config.configDir, publicUrl: config.publicUrl });
      expect(providers.map((p) => p.id)).toEqual(BUNDLED_PROVIDER_IDS);
      for (const provider of providers) expect(provider.specVersion).toBe(1);

      // Every bundled provider and catalog entry has a logo the sanitiser keeps whole, and words for each scope it
      // asks by default; only the generic OAuth2 provider (acme) has neither unless its config gives them.
      const bundled = providers.filter((provider) => provider.id !== 'acme');
      for (const provider of bundled) {
        expect(sanitizeSvg(provider.logo ?? '', provider.id).removed, provider.id).toEqual([]);
        if (provider.auth.type !== 'oauth2') continue;
        const described = provider.auth.scopes.descriptions ?? {};
        expect(
          provider.auth.scopes.default.filter((scope) => !described[scope]),
          provider.id,
        ).toEqual([]);
      }
    } finally {
      dir.cleanup();
    }
  });
});
