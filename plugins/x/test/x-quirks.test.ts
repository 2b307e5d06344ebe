import { createHash, randomBytes } from 'node:crypto';
import { createHub, createLogger, type Hub } from '@plugboard/core';
import type { FakeProvider, FakeRequest } from '@plugboard/plugin-kit';
import { afterEach, describe, expect, it } from 'vitest';
import factory from '../src/index.js';
import { createXFake, X_DEAD_TOKEN } from './x-fake.js';

const publicUrl = 'http://127.0.0.1:4455';
let running: { hub: Hub; fake: FakeProvider } | undefined;

afterEach(async () => {
  await running?.hub.close();
  await running?.fake.close();
  running = undefined;
});

/** A hub with the X plugin pointed at a fake X, a workspace, and a way to connect. */
async function start(options: { scopes?: string[] } = {}) {
  const fake = await createXFake();
  const provider = factory(
    {
      ...options,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      authorizationUrl: fake.url('/i/oauth2/authorize'),
      tokenUrl: fake.url('/2/oauth2/token'),
      revocationUrl: fake.url('/2/oauth2/revoke'),
      apiBaseUrl: fake.url('/2'),
    },
    { publicUrl },
  );
  const hub = await createHub({
    database: 'sqlite::memory:',
    providers: [provider],
    encryptionKeys: [randomBytes(32).toString('base64')],
    publicUrl,
    logger: createLogger({ level: 'silent' }),
  });
  running = { hub, fake };
  const workspaceId = (await hub.workspaces.create({ name: 'x' })).id;
  const authorize = async () => (await hub.connectSessions.create(workspaceId, { provider: 'x' })).authorizationUrl!;
  const connect = async (authorizationUrl?: string) => {
    const result = await hub.completeCallback(await fake.approve(authorizationUrl ?? (await authorize())));
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.connection;
  };
  return { hub, fake, workspaceId, authorize, connect };
}

/** Asserts the client authenticated by HTTP Basic alone, as X wants from a confidential client. */
function expectBasicOnly(request: FakeRequest, fake: FakeProvider) {
  const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
  expect(scheme).toBe('Basic');
  const halves = Buffer.from(encoded ?? '', 'base64')
    .toString('utf8')
    .split(':')
    .map(decodeURIComponent);
  expect(halves).toEqual([fake.clientId, fake.clientSecret]);
  expect(request.form?.has('client_secret')).toBe(false);
}

describe('X quirks', () => {
  it('asks for offline.access and the scopes /2/users/me needs, whatever scopes are configured', async () => {
    const { authorize } = await start({ scopes: ['tweet.write', 'users.read'] });
    const params = new URL(await authorize()).searchParams;
    expect(params.get('scope')).toBe('tweet.read users.read offline.access tweet.write');
  });

  it('sends a PKCE S256 challenge and the matching verifier, with HTTP Basic on the exchange', async () => {
    const { fake, authorize, connect } = await start();
    const authorizationUrl = await authorize();
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    await connect(authorizationUrl);
    const [exchange] = fake.requestsTo('/2/oauth2/token');
    const verifier = exchange!.form?.get('code_verifier') ?? '';
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(params.get('code_challenge'));
    expectBasicOnly(exchange!, fake);
  });

  it('refreshes with HTTP Basic, stores the rotated refresh token, and the old one is dead at X', async () => {
    const { hub, fake, workspaceId, connect } = await start();
    const connection = await connect();
    await hub.connections.refresh(workspaceId, connection.id);
    const [first, second] = fake.issued;
    const refresh = fake.requestsTo('/2/oauth2/token')[1]!;
    expectBasicOnly(refresh, fake);
    expect(refresh.form?.get('refresh_token')).toBe(first!.refreshToken);
    expect(await hub.connections.credentials(workspaceId, connection.id)).toMatchObject({
      accessToken: second!.accessToken,
      refreshToken: second!.refreshToken,
    });
    const replay = await fetch(fake.url('/2/oauth2/token'), {
      method: 'POST',
      headers: { authorization: refresh.headers.authorization!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first!.refreshToken! }),
    });
    expect(replay.status).toBe(400);
    // The next refresh presents the stored, rotated token and works.
    await hub.connections.refresh(workspaceId, connection.id);
    expect(fake.requestsTo('/2/oauth2/token').at(-1)!.form?.get('refresh_token')).toBe(second!.refreshToken);
    expect((await hub.connections.get(workspaceId, connection.id)).status).toBe('active');
  });

  it("treats X's invalid_request 'token was invalid' on refresh as a dead grant (reauth_required)", async () => {
    const { hub, fake, workspaceId, connect } = await start();
    const connection = await connect();
    fake.inject('token:refresh_token', X_DEAD_TOKEN);
    await expect(hub.connections.refresh(workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect((await hub.connections.get(workspaceId, connection.id)).status).toBe('reauth_required');
  });

  it('leaves the connection active on any other invalid_request', async () => {
    const { hub, fake, workspaceId, connect } = await start();
    const connection = await connect();
    const other = { status: 400, body: { error: 'invalid_request', error_description: 'Missing required parameter.' } };
    fake.inject('token:refresh_token', other);
    await hub.connections.refresh(workspaceId, connection.id);
    const after = await hub.connections.get(workspaceId, connection.id);
    expect(after.status).toBe('active');
    expect(after.lastError).toMatchObject({ code: 'provider_error' });
  });
});
