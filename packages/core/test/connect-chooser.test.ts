import { createTestDatabase, startFakeOAuthServer, type TestDatabase, testEngines } from '@plugboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProvider, type Hub, isPlugboardError, openStore, type Store } from '../src/index.js';
import { fakeOAuthProvider, keyProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

// An OAuth2 provider the hub config gives no client: a workspace can connect it only with an OAuth app of its own.
const clientless = defineProvider({
  id: 'clientless',
  optionsSchema: z.object({}),
  setup: () => ({
    name: 'Clientless',
    auth: {
      type: 'oauth2',
      authorizationUrl: 'https://login.clientless.example/authorize',
      tokenUrl: 'https://login.clientless.example/token',
      scopes: { default: ['basic'] },
    },
  }),
})({});

/** The error a promise rejected with: its code and the paths of its details. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isPlugboardError(error)) throw new Error(`expected a PlugboardError, got ${String(error)}`);
  return { code: error.code, message: error.message, paths: (error.details ?? []).map((detail) => detail.path) };
}

describe.each(engines)('connect sessions that offer a choice, on %s', (engine) => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let db: TestDatabase;
  let hub: Hub;
  let store: Store;
  let workspaceId: string;

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    db = createTestDatabase(engine);
    ({ hub } = await startTestHub(db, [fakeOAuthProvider(fake.origin, fake.clientSecret), keyProvider, clientless]));
    // A second view of the same database, to prove what was (not) written.
    store = openStore(db.url, { postgresSchema: db.postgresSchema });
  });
  afterAll(async () => {
    await store?.db.destroy();
    await hub?.close();
    await db?.drop();
    await fake?.close();
  });
  beforeEach(async () => {
    workspaceId = (await hub.workspaces.create({ name: 'acme', allowedReturnOrigins: ['https://app.example.com'] })).id;
  });

  const storedSessions = async () =>
    (await store.db.selectFrom('connect_sessions').select('id').where('workspace_id', '=', workspaceId).execute())
      .length;

  it('offers the providers named, in their order, with no provider bound and nothing to send the user to but the page', async () => {
    const session = await hub.connectSessions.create(workspaceId, { providers: ['keyed', 'fake'], ownerId: 'u1' });
    expect(session).toMatchObject({ provider: null, providers: ['keyed', 'fake'], authorizationUrl: null });
    const view = await hub.connectSessions.open(session.id);
    expect(view.provider).toBeNull();
    expect(view.providers.map((provider) => provider.id)).toEqual(['keyed', 'fake']);
    expect(view).toMatchObject({ authorizationUrl: null, fields: null, scopes: [] });
  });

  it('offers every provider the workspace can connect now when none is named: an OAuth2 one needs a client', async () => {
    const before = await hub.connectSessions.create(workspaceId, {});
    expect(before.providers).toEqual(['fake', 'keyed']);
    await hub.oauthApps.put(workspaceId, 'clientless', { clientId: 'own-client', clientSecret: 'own-secret' });
    const after = await hub.connectSessions.create(workspaceId, {});
    expect(after.providers).toEqual(['fake', 'keyed', 'clientless']);
  });

  it('binds a list of one at once, as a session made for that provider, scopes allowed', async () => {
    const session = await hub.connectSessions.create(workspaceId, { providers: ['fake'], scopes: ['read'] });
    expect(session).toMatchObject({ provider: 'fake', providers: ['fake'] });
    expect(new URL(session.authorizationUrl!).searchParams.get('scope')).toBe('read');
  });

  it('refuses both fields, an unknown, unusable, repeated or empty list, and scopes with a choice; stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ provider: 'fake', providers: ['keyed', 'fake'] }, 'providers'],
      [{ providers: ['keyed', 'nope'] }, 'providers[1]'],
      [{ providers: ['keyed', 'clientless'] }, 'providers[1]'],
      [{ providers: ['keyed', 'keyed'] }, 'providers'],
      [{ providers: [] }, 'providers'],
      [{ providers: Array.from({ length: 101 }, (_, i) => `p${i}`) }, 'providers'],
      [{ providers: ['keyed', 'fake'], scopes: ['read'] }, 'scopes'],
      [{ scopes: ['read'] }, 'scopes'],
    ];
    for (const [input, path] of cases) {
      const refused = await refusal(hub.connectSessions.create(workspaceId, input as never));
      expect(refused.code, JSON.stringify(input)).toBe('validation_error');
      expect(refused.paths, JSON.stringify(input)).toContain(path);
    }
    expect(await storedSessions()).toBe(0);
  });

  it('a picked OAuth2 provider goes on as a session made for it: state, PKCE, callback, connection', async () => {
    const session = await hub.connectSessions.create(workspaceId, { providers: ['keyed', 'fake'], ownerId: 'u1' });
    await hub.connectSessions.choose(session.id, { provider: 'fake' });
    const view = await hub.connectSessions.open(session.id);
    expect(view.provider?.id).toBe('fake');
    expect(view.scopes).toEqual(['read', 'write']);
    const authorizationUrl = new URL(view.authorizationUrl!);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    const result = await hub.completeCallback(fake.approve(view.authorizationUrl!));
    expect(result.ok && result.connection).toMatchObject({ provider: 'fake', ownerId: 'u1' });
    expect(result.provider).toBe('fake');
  });

  it('binds once: a second pick, or a provider the session does not offer, is refused and changes nothing', async () => {
    const session = await hub.connectSessions.create(workspaceId, { providers: ['keyed', 'fake'] });
    expect(await refusal(hub.connectSessions.choose(session.id, { provider: 'clientless' }))).toMatchObject({
      code: 'validation_error',
      paths: ['provider'],
    });
    expect((await hub.connectSessions.open(session.id)).provider).toBeNull();
    await hub.connectSessions.choose(session.id, { provider: 'keyed' });
    expect(await refusal(hub.connectSessions.choose(session.id, { provider: 'fake' }))).toMatchObject({
      code: 'conflict',
      paths: ['provider'],
    });
    expect(await refusal(hub.connectSessions.choose(session.id, { provider: 'keyed' }))).toMatchObject({
      code: 'conflict',
    });
    const view = await hub.connectSessions.open(session.id);
    expect(view.provider?.id).toBe('keyed');
    expect(view.fields).not.toBeNull();
  });

  it('of two concurrent picks, exactly one binds, and the session keeps the winner', async () => {
    const session = await hub.connectSessions.create(workspaceId, { providers: ['keyed', 'fake'] });
    const picks = await Promise.allSettled([
      hub.connectSessions.choose(session.id, { provider: 'keyed' }),
      hub.connectSessions.choose(session.id, { provider: 'fake' }),
    ]);
    const won = picks.findIndex((pick) => pick.status === 'fulfilled');
    expect(picks.filter((pick) => pick.status === 'fulfilled')).toHaveLength(1);
    expect((await hub.connectSessions.open(session.id)).provider?.id).toBe(['keyed', 'fake'][won]);
  });

  it('typed-in credentials wait for a pick; then they connect, shared as the workspace says for the picked one', async () => {
    await hub.workspaces.update(workspaceId, { sharedProviders: ['keyed'] });
    const session = await hub.connectSessions.create(workspaceId, { providers: ['fake', 'keyed'] });
    expect(await refusal(hub.connectSessions.submitCredentials(session.id, { apiKey: 'good-key' }))).toMatchObject({
      code: 'validation_error',
      paths: ['provider'],
    });
    await hub.connectSessions.choose(session.id, { provider: 'keyed' });
    const result = await hub.connectSessions.submitCredentials(session.id, { apiKey: 'good-key' });
    expect(result.ok && result.connection).toMatchObject({ provider: 'keyed', shared: true });
  });
});
