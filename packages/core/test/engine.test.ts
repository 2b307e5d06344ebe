import {
  createTestDatabase,
  rawStorageText,
  startFakeOAuthServer,
  startReceiver,
  type TestDatabase,
  testEngines,
} from '@plugboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Hub } from '../src/index.js';
import { fakeOAuthProvider, keyProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('engine on %s', (engine) => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let db: TestDatabase;
  let hub: Hub;
  let logs: string[];

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    db = createTestDatabase(engine);
    ({ hub, logs } = await startTestHub(db, [fakeOAuthProvider(fake.origin, fake.clientSecret), keyProvider]));
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
    await fake.close();
  });

  let workspaceId: string;
  beforeEach(async () => {
    workspaceId = (await hub.workspaces.create({ name: 'acme', allowedReturnOrigins: ['https://app.example.com'] })).id;
  });

  const connect = async (ws = workspaceId, input: Record<string, unknown> = {}) => {
    const session = await hub.connectSessions.create(ws, { provider: 'fake', ...input });
    return { session, query: fake.approve(session.authorizationUrl!) };
  };

  it('completes an OAuth2 connect flow with PKCE S256 and a 256-bit state', async () => {
    const { session, query } = await connect(workspaceId, {
      returnTo: 'https://app.example.com/done?x=1',
      ownerId: 'u1',
    });
    const url = new URL(session.authorizationUrl!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3999/oauth/callback');
    expect(Buffer.from(query.state, 'base64url').length).toBeGreaterThanOrEqual(16);
    const result = await hub.completeCallback(query);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.returnTo).toBe('https://app.example.com/done?x=1');
    expect(result.connection).toMatchObject({
      provider: 'fake',
      accountId: 'user-42',
      accountName: 'Ada Lovelace',
      ownerId: 'u1',
      status: 'active',
      credentialType: 'oauth2',
      scopes: ['read', 'write'],
      metadata: { plan: 'free' },
    });
    expect(await hub.connections.get(workspaceId, result.connection.id)).toEqual(result.connection);
  });

  it('rule 7.1: a replayed state is refused and makes no second token request', async () => {
    const { query } = await connect();
    expect((await hub.completeCallback(query)).ok).toBe(true);
    const tokenRequests = fake.requests.filter((r) => r.path === '/token').length;
    await expect(hub.completeCallback(query)).rejects.toMatchObject({ code: 'conflict' });
    expect(fake.requests.filter((r) => r.path === '/token').length).toBe(tokenRequests);
  });

  it('rule 7.1: two concurrent callbacks with one state: exactly one wins', async () => {
    const { query } = await connect();
    const results = await Promise.allSettled([hub.completeCallback(query), hub.completeCallback(query)]);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.ok).length).toBe(1);
    expect(results.filter((r) => r.status === 'rejected').length).toBe(1);
  });

  it('rule 7.1: unknown and missing states are refused', async () => {
    await expect(hub.completeCallback({ state: 'not-a-state', code: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(hub.completeCallback({ code: 'x' })).rejects.toMatchObject({ code: 'validation_error' });
  });

  it('rule 7.1: a state bound to another workspace is an invalid state there, and stays usable in its own', async () => {
    const other = (await hub.workspaces.create({ name: 'other' })).id;
    const { query } = await connect(other);
    await expect(
      hub.connections.completeCallback(workspaceId, { provider: 'fake', ...query, redirectUri: hub.callbackUrl }),
    ).rejects.toMatchObject({ code: 'invalid_state' });
    const { connection } = await hub.connections.completeCallback(other, {
      provider: 'fake',
      ...query,
      redirectUri: hub.callbackUrl,
    });
    expect(connection?.workspaceId).toBe(other);
  });

  it('rule 7.1: a state is bound to its provider and redirect URI', async () => {
    const { query } = await connect();
    await expect(
      hub.connections.completeCallback(workspaceId, {
        provider: 'fake',
        ...query,
        redirectUri: 'https://evil.example/cb',
      }),
    ).rejects.toMatchObject({ code: 'validation_error' });
    await expect(
      hub.connections.completeCallback(workspaceId, { provider: 'keyed', ...query, redirectUri: hub.callbackUrl }),
    ).rejects.toMatchObject({ code: 'validation_error' });
    // Neither mismatch burned the session.
    expect(
      (
        await hub.connections.completeCallback(workspaceId, {
          provider: 'fake',
          ...query,
          redirectUri: hub.callbackUrl,
        })
      ).connection?.status,
    ).toBe('active');
  });

  it('rule 7.2: the redirect URI is the hub callback unless the workspace allows another', async () => {
    await expect(connect(workspaceId, { redirectUri: 'https://app.example.com/cb' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    const ws = await hub.workspaces.create({ name: 'own-cb', allowedRedirectUris: ['https://app.example.com/cb'] });
    const { session } = await connect(ws.id, { redirectUri: 'https://app.example.com/cb' });
    expect(new URL(session.authorizationUrl!).searchParams.get('redirect_uri')).toBe('https://app.example.com/cb');
  });

  it('rule 7.3: returnTo must be on an allowed origin exactly, whatever the encoding', async () => {
    const hostile = [
      'https://evil.example.com/',
      'https://app.example.com.evil.com/',
      'https://app.example.com@evil.com/',
      'https://user:pw@app.example.com/',
      'http://app.example.com/',
      'https://app.example.com:8443/',
      '//evil.com',
      '/relative',
      'javascript:alert(1)',
      'https://app.example.com\\@evil.com',
      'https://evil.com\\.app.example.com',
      'https://app.example.com%2f@evil.com',
      'https://app.example.com\r\nLocation: https://evil.com',
      'data:text/html,hi',
    ];
    for (const returnTo of hostile) {
      await expect(connect(workspaceId, { returnTo }), returnTo).rejects.toMatchObject({ code: 'validation_error' });
    }
  });

  it('rule 7.1: an expired session is refused', async () => {
    const db2 = createTestDatabase(engine);
    const { hub: shortHub } = await startTestHub(db2, [fakeOAuthProvider(fake.origin, fake.clientSecret)], {
      sessionTtlSeconds: 0,
    });
    try {
      const ws = await shortHub.workspaces.create({ name: 'x' });
      const session = await shortHub.connectSessions.create(ws.id, { provider: 'fake' });
      await expect(shortHub.completeCallback(fake.approve(session.authorizationUrl!))).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('expired'),
      });
    } finally {
      await shortHub.close();
      await db2.drop();
    }
  });

  it('a provider error on the callback is returned with the session returnTo, not thrown', async () => {
    const { query } = await connect(workspaceId, { returnTo: 'https://app.example.com/back' });
    const result = await hub.completeCallback({ state: query.state, error: 'access_denied', error_description: 'no' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'access_denied' },
      returnTo: 'https://app.example.com/back',
    });
  });

  it('a provider error ends the session with a connect_session.failed event saying why, from either callback', async () => {
    const receiver = await startReceiver();
    try {
      await hub.webhooks.create(workspaceId, { url: receiver.url, events: ['connect_session.failed'] });
      const viaPage = await connect(workspaceId, { ownerId: 'u7', tags: { team: 'growth' } });
      await hub.completeCallback({ state: viaPage.query.state, error: 'access_denied', error_description: 'no' });
      const viaApi = await connect(workspaceId);
      const result = await hub.connections.completeCallback(workspaceId, {
        provider: 'fake',
        state: viaApi.query.state,
        error: 'server_error',
        redirectUri: hub.callbackUrl,
      });
      expect(result).toEqual({
        connection: null,
        error: { code: 'server_error', message: 'The provider refused the authorization.' },
        returnTo: null,
      });
      expect(await hub.background.deliverDue()).toBe(2);
      const events = receiver.received.map((message) => JSON.parse(message.body));
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'connect_session.failed',
            data: {
              session: {
                id: viaPage.session.id,
                provider: 'fake',
                providers: ['fake'],
                ownerId: 'u7',
                shared: false,
                tags: { team: 'growth' },
              },
              error: { code: 'access_denied', message: 'no' },
            },
          }),
          expect.objectContaining({
            data: expect.objectContaining({ session: expect.objectContaining({ id: viaApi.session.id }) }),
          }),
        ]),
      );
      await expect(hub.completeCallback(viaPage.query)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await receiver.close();
    }
  });

  it('reconnecting the same account updates the connection; another owner gets its own', async () => {
    const first = await hub.completeCallback((await connect(workspaceId, { ownerId: 'a' })).query);
    const again = await hub.completeCallback((await connect(workspaceId, { ownerId: 'a' })).query);
    const otherOwner = await hub.completeCallback((await connect(workspaceId, { ownerId: 'b' })).query);
    if (!first.ok || !again.ok || !otherOwner.ok) throw new Error('callbacks failed');
    expect(again.connection.id).toBe(first.connection.id);
    expect(otherOwner.connection.id).not.toBe(first.connection.id);
  });

  it("another workspace's connection ids answer not_found, for get, credentials and delete", async () => {
    const result = await hub.completeCallback((await connect()).query);
    if (!result.ok) throw new Error('callback failed');
    const other = (await hub.workspaces.create({ name: 'other' })).id;
    await expect(hub.connections.get(other, result.connection.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(hub.connections.credentials(other, result.connection.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(hub.connections.delete(other, result.connection.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await hub.connections.get(workspaceId, result.connection.id)).id).toBe(result.connection.id);
  });

  it('rule 7.8: delete revokes at the provider, then deletes', async () => {
    const result = await hub.completeCallback((await connect()).query);
    if (!result.ok) throw new Error('callback failed');
    const credentials = await hub.connections.credentials(workspaceId, result.connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected oauth2');
    await hub.connections.delete(workspaceId, result.connection.id);
    const revoke = fake.requests.filter((r) => r.path === '/revoke').at(-1);
    expect(new URLSearchParams(revoke?.body).get('token')).toBe(credentials.refreshToken);
    await expect(hub.connections.get(workspaceId, result.connection.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists with filters and keyset pagination', async () => {
    for (const owner of ['p1', 'p2', 'p3'])
      await hub.completeCallback((await connect(workspaceId, { ownerId: owner })).query);
    const first = await hub.connections.list(workspaceId, { limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await hub.connections.list(workspaceId, { limit: 2, cursor: first.nextCursor! });
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.data, ...second.data].map((c) => c.id);
    expect(new Set(ids).size).toBe(3);
    expect((await hub.connections.list(workspaceId, { ownerId: 'p2' })).data.map((c) => c.ownerId)).toEqual(['p2']);
    await expect(hub.connections.list(workspaceId, { cursor: 'garbage!' })).rejects.toMatchObject({
      code: 'validation_error',
    });
  });

  it('creates programmatic api_key connections through the verify hook', async () => {
    await expect(
      hub.connections.create(workspaceId, {
        provider: 'keyed',
        credentials: { type: 'api_key', apiKey: 'bad-key-123' },
      }),
    ).rejects.toMatchObject({ code: 'validation_error' });
    await expect(
      hub.connections.create(workspaceId, {
        provider: 'keyed',
        credentials: { type: 'basic', username: 'a', password: 'b' },
      }),
    ).rejects.toMatchObject({ code: 'validation_error' });
    const connection = await hub.connections.create(workspaceId, {
      provider: 'keyed',
      credentials: { type: 'api_key', apiKey: 'good-key-123' },
    });
    expect(connection).toMatchObject({ provider: 'keyed', credentialType: 'api_key', status: 'active' });
    expect(await hub.connections.credentials(workspaceId, connection.id)).toEqual({
      type: 'api_key',
      apiKey: 'good-key-123',
    });
  });

  it('imports an oauth2 refresh token, refreshing to get an access token and the account', async () => {
    const connection = await hub.connections.create(workspaceId, {
      provider: 'fake',
      ownerId: 'imported',
      credentials: { type: 'oauth2', refreshToken: 'rt-imported-token' },
    });
    expect(connection.accountId).toBe('user-42');
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    expect(credentials).toMatchObject({ type: 'oauth2', refreshToken: 'rt-imported-token' });
  });

  it('rule 7.9: workspace origins and redirect URIs that are not URLs are refused, not a crash', async () => {
    for (const value of ['a', 'http://', ' ', 'https://a b']) {
      await expect(hub.workspaces.create({ name: 'x', allowedReturnOrigins: [value] })).rejects.toMatchObject({
        code: 'validation_error',
      });
      await expect(hub.workspaces.create({ name: 'x', allowedRedirectUris: [value] })).rejects.toMatchObject({
        code: 'validation_error',
      });
    }
  });

  it('opens a session for its connect page, recording popup display', async () => {
    const { session } = await connect(workspaceId, { returnTo: 'https://app.example.com/back' });
    const view = await hub.connectSessions.open(session.id, { display: 'popup' });
    expect(view).toMatchObject({
      id: session.id,
      provider: { id: 'fake', authType: 'oauth2' },
      scopes: ['read', 'write'],
      returnOrigin: 'https://app.example.com',
      display: 'popup',
      authorizationUrl: session.authorizationUrl,
      fields: null,
    });
    const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    expect(result).toMatchObject({ ok: true, display: 'popup', returnTo: 'https://app.example.com/back' });
    // A used link says so: 409 with the reason, which its page words for the user.
    await expect(hub.connectSessions.open(session.id)).rejects.toMatchObject({
      code: 'conflict',
      details: [{ path: 'session', message: 'used' }],
    });
    await expect(hub.connectSessions.open('00000000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('completes an API-key session from its form: a rejected key leaves the session usable', async () => {
    const session = await hub.connectSessions.create(workspaceId, { provider: 'keyed', ownerId: 'form-user' });
    expect(session.authorizationUrl).toBeNull();
    const view = await hub.connectSessions.open(session.id);
    expect(view.fields).toMatchObject({ properties: { apiKey: { type: 'string' } }, required: ['apiKey'] });
    await expect(hub.connectSessions.submitCredentials(session.id, { apiKey: '' })).rejects.toMatchObject({
      code: 'validation_error',
      details: [{ path: 'credentials.apiKey' }],
    });
    await expect(hub.connectSessions.submitCredentials(session.id, { apiKey: 'bad-key-1' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    const result = await hub.connectSessions.submitCredentials(session.id, { apiKey: 'good-key-1' });
    if (!result.ok) throw new Error('expected a connection');
    expect(result.connection).toMatchObject({ provider: 'keyed', ownerId: 'form-user', workspaceId });
    await expect(hub.connectSessions.submitCredentials(session.id, { apiKey: 'good-key-2' })).rejects.toMatchObject({
      code: 'conflict',
      details: [{ path: 'session', message: 'used' }],
    });
  });

  it('bad input writes nothing', async () => {
    const before = await hub.connections.list(workspaceId);
    const bad: unknown[] = [
      {},
      { provider: 'fake' },
      { provider: 'keyed', credentials: 'x' },
      { provider: 'keyed', credentials: { type: 'api_key' } },
      { provider: 'nope', credentials: { type: 'api_key', apiKey: 'goodkey' } },
      { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'good', extra: 1 } },
    ];
    for (const input of bad) await expect(hub.connections.create(workspaceId, input as never)).rejects.toBeDefined();
    expect((await hub.connections.list(workspaceId)).data).toEqual(before.data);
  });

  it('rule 7.6: no token or client secret reaches a log line', async () => {
    const result = await hub.completeCallback((await connect()).query);
    if (!result.ok) throw new Error('callback failed');
    const credentials = await hub.connections.credentials(workspaceId, result.connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected oauth2');
    hub.logger.info({ note: `leak ${credentials.accessToken}`, nested: { refresh_token: credentials.refreshToken } });
    const text = logs.join('');
    expect(text).toContain('[redacted]');
    for (const secret of [credentials.accessToken, credentials.refreshToken!, fake.clientSecret]) {
      expect(text).not.toContain(secret);
    }
  });

  it('rule 7.5: the stored bytes hold no plaintext token or secret', async () => {
    const result = await hub.completeCallback((await connect()).query);
    if (!result.ok) throw new Error('callback failed');
    await hub.oauthApps.put(workspaceId, 'fake', { clientId: 'own-client', clientSecret: 'own-client-secret-canary' });
    const { key } = await hub.apiKeys.create(workspaceId, { scopes: ['connections:read'] });
    await hub.close();
    const bytes = await rawStorageText(db);
    expect(bytes).toContain(result.connection.accountId);
    for (const pair of fake.issued) {
      expect(bytes).not.toContain(pair.accessToken);
      expect(bytes).not.toContain(pair.refreshToken);
    }
    expect(bytes).not.toContain('own-client-secret-canary');
    // The secret is base64url and may itself hold underscores: take everything after the id.
    expect(bytes).not.toContain(key.slice('pbk_'.length + 32 + 1));
    ({ hub, logs } = await startTestHub(db, [fakeOAuthProvider(fake.origin, fake.clientSecret), keyProvider]));
  });

  it('The OAuth state sits in plaintext in connect_sessions.authorization_url: it is stored encrypted', async () => {
    const session = await hub.connectSessions.create(workspaceId, { provider: 'fake' });
    const state = new URL(session.authorizationUrl!).searchParams.get('state')!;
    expect((await hub.connectSessions.open(session.id)).authorizationUrl).toBe(session.authorizationUrl);
    await hub.close();
    const bytes = await rawStorageText(db);
    expect(bytes).toContain(session.id);
    expect(bytes).not.toContain(state);
    expect(bytes).not.toContain(encodeURIComponent(state));
    ({ hub, logs } = await startTestHub(db, [fakeOAuthProvider(fake.origin, fake.clientSecret), keyProvider]));
  });
});
