import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauth2PresetFactory } from '../src/oauth2-factory.js';
import { oauth2Presets } from '../src/oauth2-presets.js';
import { expectedAccount, oauth2Fake, oauth2FakeOptions } from './fakes.js';

// One generated conformance test per preset (connect, import, refresh, revoke), each against a fake configured from
// the preset alone. One hub holds every preset (starting a hub per entry would cost minutes on CI's two cores);
// each preset has its own fake.
describe('OAuth2 presets, each against a fake made from its entry', () => {
  const fakes = new Map<string, FakeProvider>();
  let t: TestHub;

  beforeAll(async () => {
    for (const preset of oauth2Presets) fakes.set(preset.id, await oauth2Fake(preset));
    t = await startTestHub((publicUrl) =>
      oauth2Presets.map((preset) =>
        oauth2PresetFactory(preset)(oauth2FakeOptions(preset, fakes.get(preset.id)!), { publicUrl }),
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([...fakes.values()].map((fake) => fake.close()));
  });

  it('has at least 100 entries, with unique ids', () => {
    expect(oauth2Presets.length).toBeGreaterThanOrEqual(100);
    expect(new Set(oauth2Presets.map((preset) => preset.id)).size).toBe(oauth2Presets.length);
  });

  it.each(oauth2Presets.map((preset) => [preset.id, preset] as const))('%s', async (id, preset) => {
    const fake = fakes.get(id)!;
    // Authorization URL: the preset's scopes joined with its separator, PKCE as declared, its extra parameters.
    const authorizationUrl = new URL(await t.authorize(id));
    expect(authorizationUrl.pathname, 'authorization path').toBe(new URL(preset.authorizationUrl).pathname);
    const scope = authorizationUrl.searchParams.get('scope');
    if (preset.scopes.default.length > 0) {
      expect(scope, 'scope').toBe(preset.scopes.default.join(preset.scopes.separator ?? ' '));
    }
    expect(authorizationUrl.searchParams.get('code_challenge_method'), 'pkce').toBe(
      preset.pkce === 'S256' ? 'S256' : null,
    );
    for (const [name, value] of Object.entries(preset.authorizationParams ?? {})) {
      expect(authorizationUrl.searchParams.get(name), `authorization parameter ${name}`).toBe(value);
    }

    // Code exchange: the fake refuses client credentials anywhere but where the preset says, and PKCE if missing.
    const connection = await t.connected(id, fake);
    const account = expectedAccount(id);
    expect(connection.accountId, 'account id').toBe(account.id);
    if (preset.account.name?.length) expect(connection.accountName, 'account name').toBe(account.name);

    // Import: the connection's token, brought by another owner, names the same account; a token the provider
    // refuses is a 400. A preset reading the account from the token response declares it cannot import.
    const held = await t.hub.connections.credentials(t.workspaceId, connection.id);
    if (held.type !== 'oauth2') throw new Error('expected oauth2 credentials');
    const importAs = (accessToken: string) =>
      t.api('POST', '/v1/connections', {
        provider: id,
        ownerId: `importer-${id}`,
        credentials: { type: 'oauth2', accessToken },
      });
    const imported = await importAs(held.accessToken);
    if (preset.account.from === 'tokenResponse') {
      expect(`${imported.status} ${imported.json.error}`, 'import refused').toBe('400 validation_error');
      expect(imported.json.message, 'import refused').toContain('accountFrom: tokenResponse');
    } else {
      expect(imported.status, `import: ${imported.text}`).toBe(201);
      expect(imported.json.connection.accountId, 'imported account id').toBe(account.id);
      if (preset.account.name?.length) expect(imported.json.connection.accountName).toBe(account.name);
      const refused = await importAs('a-token-the-provider-refuses');
      expect(`${refused.status} ${refused.json.error}`, 'refused import').toBe('400 validation_error');
    }

    // Refresh: one refresh_token grant for presets that issue refresh tokens.
    if (preset.refreshTokens) {
      const before = fake.issued.length;
      await t.hub.connections.refresh(t.workspaceId, connection.id);
      expect(
        fake.issued.slice(before).map((issued) => issued.grantType),
        'refresh',
      ).toEqual(['refresh_token']);
    }

    // Revocation: at the declared endpoint, or nowhere.
    const { accessToken } = fake.issued.at(-1)!;
    await t.hub.connections.delete(t.workspaceId, connection.id);
    if (preset.revocationUrl) expect(fake.revoked.length, 'revocation').toBeGreaterThan(0);
    else expect(fake.revoked, 'no revocation').toEqual([]);

    // Canaries: no log line carries a token the fake issued or the client secret.
    const logs = t.logs.join('\n');
    expect(logs.includes(accessToken), 'access token in logs').toBe(false);
    expect(logs.includes(fake.clientSecret), 'client secret in logs').toBe(false);
  });
});
