import { describe, expect, it } from 'vitest';
import { PluginError } from '../src/errors.js';
import { loadProviders } from '../src/plugins/loader.js';
import { tempDir } from './fixtures.js';

const oauth2 = {
  authorizationUrl: 'https://login.acme.example/authorize',
  tokenUrl: 'https://login.acme.example/token',
  clientId: 'id',
  clientSecret: 'secret',
};

describe('plugin options are parsed strictly', () => {
  const dir = tempDir();
  const load = (options: Record<string, unknown>) =>
    loadProviders(
      { providers: [{ use: '@plugboard/provider-oauth2', id: 'acme', options }] },
      { configDir: dir.root, publicUrl: 'http://127.0.0.1:3000' },
    );

  it('names an unknown option and the valid one it was probably meant to be', async () => {
    const error = await load({ ...oauth2, scope: ['read'], redirectUri: 'https://x.example/cb' }).catch((e) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect(error.reason).toBe('invalid_options');
    expect(error.details.map((d: { path: string }) => d.path)).toEqual([
      'providers[0].options.scope',
      'providers[0].options.redirectUri',
    ]);
    expect(error.message).toContain('providers[0].options.scope: unknown option (did you mean scopes?)');
    expect(error.message).toMatch(/providers\[0\]\.options\.redirectUri: unknown option; this plugin takes name, /);
  });

  it('accepts every declared option', async () => {
    const [provider] = await load({ ...oauth2, scopes: ['read'] });
    expect(provider?.id).toBe('acme');
    dir.cleanup();
  });
});
