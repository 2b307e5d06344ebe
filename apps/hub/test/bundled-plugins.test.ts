import { join } from 'node:path';
import { sanitizeSvg } from '@plugboard/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { loadProviders } from '../src/plugins/loader.js';
import { tempDir, writeFiles } from './fixtures.js';

const client = '{ clientId: "id-123", clientSecret: "secret-456" }';

describe('the bundled provider plugins', () => {
  it('load by package name from a config folder outside the workspace, every provider id of them, each with a logo and its default scopes in words', async () => {
    const dir = tempDir();
    try {
      writeFiles(dir.root, {
        'plugboard.yaml': `publicUrl: http://localhost:3000
encryptionKeys: ["${Buffer.alloc(32, 1).toString('base64')}"]
providers:
  - use: "@plugboard/provider-sandbox"
  - { use: "@plugboard/provider-oauth2", id: acme, options: { issuer: "https://login.acme.example", clientId: a, clientSecret: b } }
  - { use: "@plugboard/provider-google", provider: google, options: ${client} }
  - { use: "@plugboard/provider-google", provider: gmail, options: ${client} }
  - { use: "@plugboard/provider-google", provider: google-analytics, options: ${client} }
  - { use: "@plugboard/provider-google", provider: google-drive, options: ${client} }
  - { use: "@plugboard/provider-github", options: ${client} }
  - { use: "@plugboard/provider-slack", options: ${client} }
  - { use: "@plugboard/provider-notion", options: ${client} }
  - { use: "@plugboard/provider-x", options: ${client} }
  - { use: "@plugboard/provider-zoho", options: ${client} }
  - { use: "@plugboard/provider-meta", provider: facebook-pages, options: { appId: "id-123", appSecret: "secret-456" } }
  - { use: "@plugboard/provider-meta", provider: instagram, options: { appId: "id-123", appSecret: "secret-456" } }
  - { use: "@plugboard/provider-catalog", provider: hubspot, options: ${client} }
  - { use: "@plugboard/provider-catalog", provider: linear, id: team-linear, options: ${client} }
  - { use: "@plugboard/provider-catalog", provider: stripe }
`,
      });
      const config = await loadConfig(join(dir.root, 'plugboard.yaml'), { env: {} });
      const providers = await loadProviders(config, { configDir: config.configDir, publicUrl: config.publicUrl });
      expect(providers.map((p) => p.id)).toEqual([
        'sandbox',
        'acme',
        'google',
        'gmail',
        'google-analytics',
        'google-drive',
        'github',
        'slack',
        'notion',
        'x',
        'zoho',
        'facebook-pages',
        'instagram',
        'hubspot',
        'team-linear',
        'stripe',
      ]);
      for (const provider of providers) expect(provider.specVersion).toBe(1);

      // Every bundled provider has a logo the sanitiser keeps whole, and words for each scope it asks by default.
      const bundled = providers.filter(
        (provider) => !['acme', 'hubspot', 'team-linear', 'stripe'].includes(provider.id),
      );
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
