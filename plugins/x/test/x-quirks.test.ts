import { createHash } from 'node:crypto';
import { basicCredentials, type FakeProvider, type FakeRequest, startTestHub } from '@plugboard/plugin-kit';
import { describe, expect, it, onTestFinished } from 'vitest';
import factory from '../src/index.js';
import { createXFake, X_DEAD_TOKEN, xOptions } from './x-fake.js';

/** A test hub with the X plugin pointed at a fake X, and ways to authorize and connect. */
async function start(options: { scopes?: string[] } = {}) {
  const fake = await createXFake();
  onTestFinished(() => fake.close());
  const test = await startTestHub((publicUrl) => factory({ ...options, ...xOptions(fake) }, { publicUrl }));
  onTestFinished(() => test.close());
  return {
    hub: test.hub,
    fake,
    workspaceId: test.workspaceId,
    authorize: () => test.authorize('x'),
    connect: () => test.connected('x', fake),
    /** The whole flow, answering the authorization URL it went through. */
    flow: () => test.connect('x', fake),
  };
}

/** Asserts the client authenticated by HTTP Basic alone, as X wants from a confidential client. */
function expectBasicOnly(request: FakeRequest, fake: FakeProvider) {
  expect(request.headers.authorization).toMatch(/^Basic /);
  expect(basicCredentials(request.headers.authorization)).toEqual({ id: fake.clientId, secret: fake.clientSecret });
  expect(request.form?.has('client_secret')).toBe(false);
}

describe('X quirks', () => {
  it('asks for offline.access and the scopes /2/users/me needs, whatever scopes are configured', async () => {
    const { authorize } = await start({ scopes: ['tweet.write', 'users.read'] });
    const params = new URL(await authorize()).searchParams;
    expect(params.get('scope')).toBe('tweet.read users.read offline.access tweet.write');
  });

  it('sends a PKCE S256 challenge and the matching verifier, with HTTP Basic on the exchange', async () => {
    const { fake, flow } = await start();
    const { authorizationUrl, result } = await flow();
    expect(result.ok).toBe(true);
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
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
