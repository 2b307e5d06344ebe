import { createTestDatabase, rawStorageText, startFakeOAuthServer, type TestDatabase } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, defineProvider, type Hub, type Provider } from '../src/index.js';
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
          'select-page': defineAction({
            input: z.object({ pageId: z.string() }),
            output: z.object({ selected: z.string() }),
            async run({ input, updateMetadata }) {
              await updateMetadata({ selected: input.pageId });
              return { selected: input.pageId };
            },
          }),
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

  const revoked: string[] = [];
  // A provider with its own post-exchange step and its own revocation call.
  const hooked = (origin: string, secret: string): Provider<any> =>
    defineProvider({
      id: 'hooked',
      optionsSchema: z.object({}),
      setup: () => ({
        name: 'Hooked',
        auth: {
          type: 'oauth2',
          authorizationUrl: `${origin}/authorize`,
          tokenUrl: `${origin}/token`,
          scopes: { default: ['read'] },
          client: { clientId: 'fake-client', clientSecret: secret },
          async afterExchange({ tokens }) {
            return { ...tokens, expiresAt: '2099-01-01T00:00:00.000Z', extra: { longLived: 'yes-long-lived' } };
          },
          async revoke({ credentials, client }) {
            revoked.push(`${client.clientId}:${credentials.accessToken}`);
          },
        },
        api: { baseUrl: `${origin}/api` },
        metadataSchema: z.object({ plan: z.string(), choice: z.string().optional() }),
        async account({ fetch }) {
          const me = (await (await fetch('/me')).json()) as { id: string };
          return { id: me.id, metadata: { plan: 'pro' } };
        },
        actions: {
          choose: defineAction({
            input: z.object({ choice: z.string() }),
            output: z.object({}),
            async run({ input, updateMetadata }) {
              await updateMetadata({ choice: input.choice });
              return {};
            },
          }),
        },
      }),
    })({});

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    db = createTestDatabase('sqlite');
    ({ hub } = await startTestHub(db, [
      quirky(fake.origin, fake.clientSecret),
      hooked(fake.origin, fake.clientSecret),
    ]));
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

  it('uses the tokens of afterExchange, keeps post-connect choices on reconnect, and revokes through the hook', async () => {
    const connectHooked = async () => {
      const session = await hub.connectSessions.create(workspaceId, { provider: 'hooked', ownerId: 'h' });
      const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
      if (!result.ok) throw new Error(result.error.message);
      return result.connection;
    };
    const connection = await connectHooked();
    expect(connection.tokenExpiresAt).toBe('2099-01-01T00:00:00.000Z');
    await hub.connections.runAction(workspaceId, connection.id, 'choose', { choice: 'property-7' });
    const again = await connectHooked();
    expect(again.id).toBe(connection.id);
    expect(again.metadata).toEqual({ plan: 'pro', choice: 'property-7' });
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected oauth2');
    expect(credentials.extra).toEqual({ longLived: 'yes-long-lived' });
    await hub.connections.delete(workspaceId, connection.id);
    expect(revoked).toEqual([`fake-client:${credentials.accessToken}`]);
  });

  it('sends Basic client credentials url-encoded only where needed (RFC 6749 2.3.1 without over-escaping)', async () => {
    const basic = fake.requests.filter((r) => r.path === '/token').at(-1)?.headers.authorization ?? '';
    expect(Buffer.from(basic.replace(/^Basic /, ''), 'base64').toString()).toBe(`fake-client:${fake.clientSecret}`);
  });
});
