import { startTestHub } from '@plugboard/plugin-kit';
import { describe, expect, it, onTestFinished } from 'vitest';
import factory from '../src/index.js';
import { createSlackFake } from './slack-fake.js';

/** A test hub with the Slack plugin pointed at a fake Slack, and ways to authorize, install and connect. */
async function start(setup: Parameters<typeof createSlackFake>[0]) {
  const slack = await createSlackFake(setup);
  const { fake } = slack;
  onTestFinished(() => fake.close());
  const options = {
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    scopes: setup.tokens === 'user' ? [] : ['chat:write', 'channels:read'],
    userScopes: setup.tokens === 'bot' ? [] : ['search:read'],
    clientAuth: setup.clientAuth,
    authorizationUrl: fake.url('/oauth/v2/authorize'),
    tokenUrl: fake.url('/api/oauth.v2.access'),
    apiBaseUrl: fake.url('/api'),
  };
  const test = await startTestHub((publicUrl) => factory(options, { publicUrl }));
  onTestFinished(() => test.close());
  return {
    hub: test.hub,
    slack,
    fake,
    workspaceId: test.workspaceId,
    /** The HTTP API as the workspace's key, and the hub's log lines. */
    api: test.api,
    expectStatus: test.expectStatus,
    logs: test.logs,
    authorize: () => test.authorize('slack'),
    /** The callback outcome of one install. */
    install: async () => (await test.connect('slack', fake)).result,
    connect: () => test.connected('slack', fake),
  };
}

describe('Slack quirks', () => {
  it('sends bot and user scopes comma-separated, and stores the granted bot scopes split on commas', async () => {
    const { authorize, connect } = await start({ rotation: false, tokens: 'bot+user' });
    const params = new URL(await authorize()).searchParams;
    expect(params.get('scope')).toBe('chat:write,channels:read');
    expect(params.get('user_scope')).toBe('search:read');
    // The fake grants what was asked and answers `scope` comma-separated, as Slack does.
    expect((await connect()).scopes).toEqual(['chat:write', 'channels:read']);
  });

  it.each([
    ['invalid_code', 'invalid_code'],
    ['ratelimited', 'rate_limited'],
    ['bad_redirect_uri', 'provider_error'],
  ])('maps a code exchange answered 200 + ok:false %s to %s', async (slackError, code) => {
    const { fake, install } = await start({ rotation: false, tokens: 'bot' });
    fake.inject('token:authorization_code', { status: 200, body: { ok: false, error: slackError } });
    const result = await install();
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.stringContaining(slackError) } });
  });

  it('marks the connection reauth_required when a refresh is answered 200 + ok:false invalid_refresh_token', async () => {
    const { hub, fake, workspaceId, connect } = await start({ rotation: true, tokens: 'bot' });
    const connection = await connect();
    fake.inject('token:refresh_token', { status: 200, body: { ok: false, error: 'invalid_refresh_token' } });
    await expect(hub.connections.refresh(workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect((await hub.connections.get(workspaceId, connection.id)).status).toBe('reauth_required');
  });

  it.each([
    ['200 + ok:false ratelimited', { status: 200, body: { ok: false, error: 'ratelimited' } }],
    ['HTTP 429', { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '30' } }],
  ])('keeps the connection active when a refresh is rate limited (%s)', async (_name, answer) => {
    const { hub, fake, workspaceId, connect } = await start({ rotation: true, tokens: 'bot' });
    const connection = await connect();
    fake.inject('token:refresh_token', answer);
    await hub.connections.refresh(workspaceId, connection.id);
    const after = await hub.connections.get(workspaceId, connection.id);
    expect(after.status).toBe('active');
    expect(after.lastError).toMatchObject({ code: 'rate_limited' });
  });

  it('keeps the user token secret: in the credentials extra, never in the connection, kept across a refresh', async () => {
    const { hub, fake, slack, workspaceId, connect } = await start({ rotation: true, tokens: 'bot+user' });
    const connection = await connect();
    const [userToken] = slack.userTokens;
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    expect(credentials).toMatchObject({
      type: 'oauth2',
      accessToken: fake.issued[0]!.accessToken,
      extra: { userAccessToken: userToken },
    });
    const shown = [
      connection,
      await hub.connections.get(workspaceId, connection.id),
      await hub.connections.list(workspaceId),
      await hub.connections.refresh(workspaceId, connection.id),
    ];
    expect(JSON.stringify(shown)).not.toContain(userToken);
    // The refresh answer carried only a new bot token: the stored user token stays.
    const refreshed = await hub.connections.credentials(workspaceId, connection.id);
    expect(refreshed).toMatchObject({
      accessToken: fake.issued[1]!.accessToken,
      extra: { userAccessToken: userToken },
    });
  });

  it('without token rotation: no expiry, and a refresh changes nothing and asks Slack nothing', async () => {
    const { hub, fake, workspaceId, connect } = await start({ rotation: false, tokens: 'bot' });
    const connection = await connect();
    expect(connection.tokenExpiresAt).toBeNull();
    const before = fake.requests.length;
    await hub.connections.refresh(workspaceId, connection.id);
    expect(fake.requests.slice(before)).toEqual([]);
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    expect(credentials).toMatchObject({ accessToken: fake.issued[0]!.accessToken });
    expect(credentials.type === 'oauth2' && credentials.refreshToken).toBeUndefined();
  });

  it('with token rotation: a 12-hour expiry, and the rotated refresh token replaces the old one', async () => {
    const { hub, fake, workspaceId, connect } = await start({ rotation: true, tokens: 'bot' });
    const connection = await connect();
    const expiresIn = Date.parse(connection.tokenExpiresAt!) - Date.now();
    expect(expiresIn).toBeGreaterThan(43_000_000);
    expect(expiresIn).toBeLessThanOrEqual(43_200_000);
    await hub.connections.refresh(workspaceId, connection.id);
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    expect(credentials).toMatchObject({ refreshToken: fake.issued[1]!.refreshToken });
    expect(fake.issued[1]!.refreshToken).not.toBe(fake.issued[0]!.refreshToken);
  });

  it('authenticates with HTTP Basic instead of body parameters when clientAuth is basic', async () => {
    const { hub, fake, workspaceId, connect } = await start({ rotation: true, tokens: 'bot', clientAuth: 'basic' });
    const connection = await connect();
    await hub.connections.refresh(workspaceId, connection.id);
    for (const request of fake.requestsTo('/api/oauth.v2.access')) {
      expect(request.headers.authorization).toMatch(/^Basic /);
      expect(request.form?.has('client_secret')).toBe(false);
    }
  });

  it('makes the user token the access token of a user-only install (no bot scopes)', async () => {
    const { hub, fake, authorize, workspaceId, connect } = await start({ rotation: false, tokens: 'user' });
    const params = new URL(await authorize()).searchParams;
    expect(params.has('scope')).toBe(false);
    expect(params.get('user_scope')).toBe('search:read');
    const connection = await connect();
    expect(connection).toMatchObject({ scopes: ['search:read'], metadata: { team: { domain: 'acme-corp' } } });
    const credentials = await hub.connections.credentials(workspaceId, connection.id);
    expect(credentials).toMatchObject({ accessToken: fake.issued[0]!.accessToken });
    expect(credentials.type === 'oauth2' && credentials.extra).toBeUndefined();
  });

  it('fails the install when auth.test refuses the token', async () => {
    const { fake, install } = await start({ rotation: false, tokens: 'bot' });
    fake.inject('POST /api/auth.test', { status: 200, body: { ok: false, error: 'invalid_auth' } });
    expect(await install()).toMatchObject({ ok: false, error: { message: expect.stringContaining('invalid_auth') } });
  });

  it('DELETE /v1/connections/:id revokes the user token, then the bot token, each with auth.revoke as Bearer', async () => {
    const { fake, slack, api, expectStatus, logs, connect } = await start({ rotation: true, tokens: 'bot+user' });
    const connection = await connect();
    const [userToken] = slack.userTokens;
    const botToken = fake.issued[0]!.accessToken;

    expectStatus(await api('DELETE', `/v1/connections/${connection.id}`), 204);
    expectStatus(await api('GET', `/v1/connections/${connection.id}`), 404);

    const calls = fake.requestsTo('/api/auth.revoke');
    expect(calls.map((request) => [request.method, request.headers.authorization])).toEqual([
      ['POST', `Bearer ${userToken}`],
      ['POST', `Bearer ${botToken}`],
    ]);
    // The token is the only credential: no client secret, and no token in the body or the query.
    for (const request of calls) {
      expect(request.body).toBe('');
      expect(request.query.toString()).toBe('');
    }
    expect(fake.revoked).toEqual([userToken, botToken]);
    expect(logs.join('\n')).not.toContain('revocation failed');
  });

  it('revokes the one token of a bot-only install', async () => {
    const { fake, api, expectStatus, connect } = await start({ rotation: false, tokens: 'bot' });
    const connection = await connect();
    expectStatus(await api('DELETE', `/v1/connections/${connection.id}`), 204);
    expect(fake.requestsTo('/api/auth.revoke').map((request) => request.headers.authorization)).toEqual([
      `Bearer ${fake.issued[0]!.accessToken}`,
    ]);
    expect(fake.revoked).toEqual([fake.issued[0]!.accessToken]);
  });

  it('still deletes the connection when auth.revoke answers 200 + ok:false, after trying the bot token too', async () => {
    const { fake, slack, api, expectStatus, logs, connect } = await start({ rotation: false, tokens: 'bot+user' });
    const connection = await connect();
    const [userToken] = slack.userTokens;
    fake.inject('POST /api/auth.revoke', { status: 200, body: { ok: false, error: 'token_revoked' } });

    expectStatus(await api('DELETE', `/v1/connections/${connection.id}`), 204);
    expectStatus(await api('GET', `/v1/connections/${connection.id}`), 404);

    expect(fake.requestsTo('/api/auth.revoke')).toHaveLength(2);
    expect(fake.revoked).toEqual([fake.issued[0]!.accessToken]);
    const failure = logs.find((line) => line.includes('revocation failed'));
    expect(failure).toContain('Could not revoke the user token: Slack answered 200 (token_revoked).');
    expect(failure).not.toContain('bot token');
    expect(logs.join('\n')).not.toContain(userToken);
  });
});
