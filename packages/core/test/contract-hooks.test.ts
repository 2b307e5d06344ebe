import { createTestDatabase, rawStorageText, startFakeOAuthServer, type TestDatabase } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProvider, type Hub, type Provider } from '../src/index.js';
import { startTestHub } from './support/hub.js';

// The provider contract's hooks for real quirks: per-connection token endpoints, custom refresh, secrets, actions.
describe('provider hooks', () => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let db: TestDatabase;
  let hub: Hub;
  let workspaceId: string;
  const refreshCalls: string[] = [];

  const quirky = (origin: string, secret: string): Provider<any> =>
    defineProvider({
      id: 'quirky',
      optionsSchema: z.object({}),
      setup: () => ({
        name: 'Quirky',
        auth: {
          type: 'oauth2',
          authorizationUrl: `${origin}/authorize`,
          // A data centre chosen at the callback, through a fixed table; later from the stored metadata.
          tokenUrl: ({ callbackParams, metadata }) =>
            ({ us: `${origin}/token`, eu: `${origin}/token?dc=eu` })[
              (callbackParams?.location ?? metadata.dc) === 'eu' ? 'eu' : 'us'
            ],
          callbackParams: z.object({ location: z.enum(['us', 'eu']) }),
          scopes: { default: ['read'] },
          client: { clientId: 'fake-client', clientSecret: secret },
          async refresh({ credentials, standard }) {
            refreshCalls.push(credentials.accessToken);
            const tokens = await standard();
            return { ...tokens, extra: { pageHint: 'extra-secret-value-123' } };
          },
        },
        api: { baseUrl: `${origin}/api` },
        metadataSchema: z.object({ dc: z.enum(['us', 'eu']), selected: z.string().optional() }),
        async account({ fetch, callbackParams }) {
          const me = (await (await fetch('/me')).json()) as { id: string };
          return {
            id: me.id,
            metadata: { dc: callbackParams?.location ?? 'us' },
            secrets: { pageToken: 'page-token-canary-456' },
          };
        },
        actions: {
          'list-pages': {
            input: z.object({}),
            output: z.array(z.object({ id: z.string(), name: z.string() })),
            async run({ secrets }) {
              // The page token rides along in what `run` returns; the output schema must drop it.
              return [{ id: 'p1', name: 'Page one', token: secrets.pageToken }];
            },
          },
          'select-page': {
            input: z.object({ pageId: z.string() }),
            output: z.object({ selected: z.string() }),
            async run({ input, updateMetadata }) {
              await updateMetadata({ selected: input.pageId });
              return { selected: input.pageId };
            },
          },
          'break-metadata': {
            input: z.object({}),
            output: z.object({}),
            async run({ updateMetadata }) {
              await updateMetadata({ dc: 'mars' });
              return {};
            },
          },
        },
      }),
    })({});

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    db = createTestDatabase('sqlite');
    ({ hub } = await startTestHub(db, [quirky(fake.origin, fake.clientSecret)]));
    workspaceId = (await hub.workspaces.create({ name: 'hooks' })).id;
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
    await fake.close();
  });

  const connect = async (location: 'us' | 'eu') => {
    const session = await hub.connectSessions.create(workspaceId, { provider: 'quirky', ownerId: location });
    const result = await hub.completeCallback({ ...fake.approve(session.authorizationUrl!), location });
    if (!result.ok) throw new Error(result.error.message);
    return result.connection;
  };

  it('rule 7.4: the token endpoint comes from the fixed table the callback value selects', async () => {
    const connection = await connect('eu');
    expect(connection.metadata).toEqual({ dc: 'eu' });
    const exchange = fake.requests.filter((r) => r.path === '/token').at(-1);
    expect(exchange?.headers.host).toBe(new URL(fake.origin).host);
    const session = await hub.connectSessions.create(workspaceId, { provider: 'quirky' });
    const refused = await hub.completeCallback({
      ...fake.approve(session.authorizationUrl!),
      location: 'https://evil.example',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation_error' } });
  });

  it('runs the refresh hook, keeps its extra secrets encrypted, and uses the stored data centre', async () => {
    const connection = await connect('eu');
    const before = fake.tokenRequests('refresh_token');
    await hub.connections.refresh(workspaceId, connection.id);
    expect(fake.tokenRequests('refresh_token')).toBe(before + 1);
    expect(refreshCalls.length).toBeGreaterThan(0);
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    expect(credentials.type === 'oauth2' && credentials.extra).toEqual({ pageHint: 'extra-secret-value-123' });
    const storage = await rawStorageText(db);
    expect(storage).not.toContain('extra-secret-value-123');
    expect(storage).not.toContain('page-token-canary-456');
  });

  it('runs actions: output parsed by its allow-list, secrets available, metadata updates validated', async () => {
    const connection = await connect('us');
    const pages = await hub.connections.runAction(workspaceId, connection.id, 'list-pages', {});
    expect(pages).toEqual([{ id: 'p1', name: 'Page one' }]);
    expect(JSON.stringify(pages)).not.toContain('page-token-canary-456');
    await hub.connections.runAction(workspaceId, connection.id, 'select-page', { pageId: 'p1' });
    expect((await hub.connections.get(workspaceId, connection.id)).metadata).toEqual({ dc: 'us', selected: 'p1' });
    await expect(hub.connections.runAction(workspaceId, connection.id, 'break-metadata', {})).rejects.toMatchObject({
      code: 'provider_error',
    });
    expect((await hub.connections.get(workspaceId, connection.id)).metadata).toEqual({ dc: 'us', selected: 'p1' });
    await expect(hub.connections.runAction(workspaceId, connection.id, 'select-page', {})).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(hub.connections.runAction(workspaceId, connection.id, 'nope', {})).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(hub.connections.runAction(workspaceId, connection.id, 'toString', {})).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
