import { createTestDatabase, startFakeOAuthServer, type TestDatabase, testEngines } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProvider, type Hub, type OAuth2Auth, type Provider, readProviderJson } from '../src/index.js';
import { fakeOAuthProvider, keyProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('importing OAuth2 tokens (connections.create) on %s', (engine) => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let db: TestDatabase;
  let hub: Hub;
  let workspaceId: string;
  // The callback parameters each token URL was chosen with.
  const tokenUrlRegions: (string | undefined)[] = [];
  // The refresh tokens the `hooked` provider's refresh hook was given.
  const hookRefreshes: (string | undefined)[] = [];
  const count = async (ownerId: string) => (await hub.connections.list(workspaceId, { ownerId })).data.length;

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    const client = { clientId: 'fake-client', clientSecret: fake.clientSecret };
    // A provider whose callback names a region (as Zoho's names a data centre), the account read with the token.
    const regional = defineProvider({
      id: 'regional',
      optionsSchema: z.object({}),
      setup: () => ({
        name: 'Regional',
        auth: {
          type: 'oauth2',
          authorizationUrl: `${fake.origin}/authorize`,
          tokenUrl: ({ callbackParams }) => {
            tokenUrlRegions.push(callbackParams?.region);
            return `${fake.origin}/token`;
          },
          callbackParams: z.object({ region: z.enum(['us', 'eu']) }),
          scopes: { default: ['read'] },
          client,
        },
        api: { baseUrl: `${fake.origin}/api` },
        metadataSchema: z.object({ region: z.string() }),
        async account({ fetch, callbackParams }) {
          const me = await readProviderJson(fetch, '/me', z.object({ id: z.string() }), { what: 'look up the user' });
          return { id: me.id, metadata: { region: callbackParams?.region ?? 'none' } };
        },
      }),
    })({});
    // A provider that names the account only from the code exchange's answer, and says so.
    const exchangeOnly = defineProvider({
      id: 'exchange-only',
      optionsSchema: z.object({}),
      setup: () => ({
        name: 'Exchange only',
        auth: {
          type: 'oauth2',
          authorizationUrl: `${fake.origin}/authorize`,
          tokenUrl: `${fake.origin}/token`,
          scopes: { default: ['read'] },
          client,
          importUnsupported: 'the account is only in the token answer.',
        },
        api: { baseUrl: `${fake.origin}/api` },
        account: async ({ tokenResponse }) => ({ id: String(tokenResponse?.user) }),
      }),
    })({});
    // The fake provider with its refresh declared otherwise: its own hook, or none at all.
    const base = fakeOAuthProvider(fake.origin, fake.clientSecret);
    const baseAuth = base.auth as OAuth2Auth;
    const hooked: Provider<any> = {
      ...base,
      id: 'hooked',
      auth: {
        ...baseAuth,
        refresh: async ({ standard, credentials }) => {
          hookRefreshes.push(credentials.refreshToken);
          return standard();
        },
      },
    };
    const unrefreshable: Provider<any> = { ...base, id: 'unrefreshable', auth: { ...baseAuth, refresh: 'none' } };
    db = createTestDatabase(engine);
    ({ hub } = await startTestHub(db, [base, regional, exchangeOnly, hooked, unrefreshable, keyProvider]));
    workspaceId = (await hub.workspaces.create({ name: 'imports' })).id;
  });
  afterAll(async () => {
    await hub?.close();
    await db?.drop();
    await fake?.close();
  });

  /** A live access token the fake issued, from a connect. */
  async function liveToken(): Promise<string> {
    const session = await hub.connectSessions.create(workspaceId, { provider: 'fake', ownerId: 'source' });
    const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    if (!result.ok) throw new Error(result.error.message);
    const credentials = await hub.connections.credentials(workspaceId, result.connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected oauth2 credentials');
    return credentials.accessToken;
  }

  it('refuses a provider that declares importUnsupported with a 400 giving the reason, calling nobody', async () => {
    const accessToken = await liveToken();
    const requests = fake.requests.length;
    await expect(
      hub.connections.create(workspaceId, {
        provider: 'exchange-only',
        ownerId: 'declared',
        credentials: { type: 'oauth2', accessToken },
      }),
    ).rejects.toMatchObject({
      code: 'validation_error',
      message: 'Provider "exchange-only" cannot import tokens: the account is only in the token answer.',
      details: [{ path: 'credentials' }],
    });
    expect(fake.requests.length).toBe(requests);
    expect(await count('declared')).toBe(0);
    // Said up front too, so an app can tell before it tries.
    const summaries = hub.providers.list();
    expect(summaries.find((p) => p.id === 'exchange-only')?.importUnsupported).toBe(
      'the account is only in the token answer.',
    );
    expect(summaries.find((p) => p.id === 'regional')?.importUnsupported).toBeNull();
  });

  it('hands params, checked by the provider callbackParams, to the token URL and the account hook', async () => {
    const connection = await hub.connections.create(workspaceId, {
      provider: 'regional',
      ownerId: 'eu-owner',
      params: { region: 'eu' },
      // Expired with a refresh token: the import refreshes first, at the token URL the region chose.
      credentials: {
        type: 'oauth2',
        accessToken: 'at-expired',
        refreshToken: 'rt-imported-eu',
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      },
    });
    expect(connection).toMatchObject({ accountId: 'user-42', metadata: { region: 'eu' } });
    expect(tokenUrlRegions.at(-1)).toBe('eu');
  });

  it("refreshes expired imported tokens the provider's way: its refresh hook, or a 400 when it cannot refresh", async () => {
    const expired = {
      type: 'oauth2' as const,
      accessToken: 'at-expired',
      refreshToken: 'rt-imported-hooked',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    };
    const grants = fake.tokenRequests('refresh_token');
    const connection = await hub.connections.create(workspaceId, { provider: 'hooked', credentials: expired });
    expect(connection.accountId).toBe('user-42');
    expect(hookRefreshes).toEqual(['rt-imported-hooked']);
    expect(fake.tokenRequests('refresh_token')).toBe(grants + 1);
    await expect(
      hub.connections.create(workspaceId, { provider: 'unrefreshable', ownerId: 'stale', credentials: expired }),
    ).rejects.toMatchObject({ code: 'validation_error', details: [{ path: 'credentials.accessToken' }] });
    expect(fake.tokenRequests('refresh_token')).toBe(grants + 1);
    expect(await count('stale')).toBe(0);
  });

  it.each([
    ['missing where the provider needs them', 'regional', undefined, 'params.region'],
    ['failing its callbackParams', 'regional', { region: 'mars' }, 'params.region'],
    ['given to a provider that takes none', 'fake', { region: 'eu' }, 'params'],
  ])('refuses params %s with a 400, storing nothing', async (_what, provider, params, path) => {
    const ownerId = `params-${provider}-${path}-${params?.region}`;
    await expect(
      hub.connections.create(workspaceId, {
        provider,
        ownerId,
        ...(params ? { params } : {}),
        credentials: { type: 'oauth2', accessToken: await liveToken() },
      }),
    ).rejects.toMatchObject({ code: 'validation_error', details: [expect.objectContaining({ path })] });
    expect(await count(ownerId)).toBe(0);
  });

  it('refuses params with typed-in credentials', async () => {
    await expect(
      hub.connections.create(workspaceId, {
        provider: 'keyed',
        params: { region: 'eu' },
        credentials: { type: 'api_key', apiKey: 'good-key' },
      }),
    ).rejects.toMatchObject({ code: 'validation_error', details: [{ path: 'params' }] });
  });

  it.each([
    ['an access token', { accessToken: 'at-refused' }, 'credentials.accessToken'],
    ['a refresh token', { refreshToken: 'rt-refused' }, 'credentials.refreshToken'],
  ])('answers %s the provider refuses with a 400 naming it, storing nothing', async (_what, tokens, path) => {
    const ownerId = `refused-${path}`;
    await expect(
      hub.connections.create(workspaceId, {
        provider: 'regional',
        ownerId,
        params: { region: 'us' },
        credentials: { type: 'oauth2', ...tokens },
      }),
    ).rejects.toMatchObject({
      code: 'validation_error',
      message: expect.stringContaining('The provider refused the imported token'),
      details: [{ path, message: 'refused by the provider' }],
    });
    expect(await count(ownerId)).toBe(0);
  });
});
