import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '@plugboard/core';
import { type OidcServer, startOidcServer } from '@plugboard/testing/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import factory from '../src/index.js';
import { discoveryOf, oidcProviders } from './support/providers.js';

// Nothing listens here: the test hands the provider's redirect to the engine itself.
const publicUrl = 'http://127.0.0.1:4455';
const callbackUrl = `${publicUrl}/oauth/callback`;

/** A hub on a fresh SQLite file with the given providers, and a workspace in it. */
async function startHub(providers: ReturnType<typeof factory>[]) {
  const dir = await mkdtemp(join(tmpdir(), 'plugboard-oauth2-'));
  const hub = await createHub({
    database: `sqlite:${join(dir, 'hub.db')}`,
    providers,
    encryptionKeys: [randomBytes(32).toString('base64')],
    publicUrl,
    background: false,
    // oidc-provider listens on loopback, which the egress policy refuses by default.
    egress: { allow: ['127.0.0.0/8'] },
  });
  const workspace = await hub.workspaces.create({ name: 'oauth2 tests' });
  return {
    hub,
    workspaceId: workspace.id,
    close: async () => {
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a connect session, plays the user at the authorization server, and completes the callback. */
async function connect(hub: Hub, workspaceId: string, server: OidcServer, provider: string) {
  const session = await hub.connectSessions.create(workspaceId, { provider });
  const authorizationUrl = new URL(session.authorizationUrl!);
  const callback = await server.approve(authorizationUrl.href);
  expect(`${callback.origin}${callback.pathname}`).toBe(callbackUrl);
  expect(callback.searchParams.get('code')).toEqual(expect.any(String));
  const result = await hub.completeCallback(Object.fromEntries(callback.searchParams));
  return { authorizationUrl, result };
}

describe('connect flow through the engine against oidc-provider', () => {
  let server: OidcServer;
  let hub: Hub;
  let workspaceId: string;
  let closeHub: () => Promise<void>;

  beforeAll(async () => {
    server = await startOidcServer({ redirectUris: [callbackUrl] });
    ({
      hub,
      workspaceId,
      close: closeHub,
    } = await startHub(oidcProviders(server, await discoveryOf(server), publicUrl)));
  });
  afterAll(async () => {
    await closeHub?.();
    await server?.close();
  });

  it('connects with OpenID Connect discovery, PKCE, and the account from the ID token', async () => {
    const codeGrants = server.tokenRequests('authorization_code');
    const { authorizationUrl, result } = await connect(hub, workspaceId, server, 'acme');

    expect(authorizationUrl.origin).toBe(server.issuer);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorizationUrl.searchParams.get('state')).toMatch(/^[\w-]{22,}$/);
    expect(authorizationUrl.searchParams.get('scope')).toBe('openid profile email');
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(callbackUrl);

    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    expect(result.connection).toMatchObject({
      provider: 'acme',
      accountId: server.account.sub,
      accountName: server.account.name,
      status: 'active',
      credentialType: 'oauth2',
      metadata: { email: server.account.email, issuer: server.issuer },
    });
    expect(result.connection.scopes.toSorted()).toEqual(['email', 'openid', 'profile']);
    expect(server.tokenRequests('authorization_code')).toBe(codeGrants + 1);
    // The ID token carried everything: the userinfo endpoint was never asked.
    expect(server.requests('/me')).toBe(0);

    const credentials = await hub.connections.credentials(workspaceId, result.connection.id);
    expect(credentials).toMatchObject({ type: 'oauth2', tokenType: expect.stringMatching(/^bearer$/i) });
    expect(credentials.type === 'oauth2' && credentials.refreshToken).toEqual(expect.any(String));
  });

  it('connects a plain OAuth2 server with explicit endpoints and the account from userinfo', async () => {
    const meRequests = server.requests('/api/me');
    const { authorizationUrl, result } = await connect(hub, workspaceId, server, 'acme-plain');

    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('state')).toMatch(/^[\w-]{22,}$/);
    expect(authorizationUrl.searchParams.get('scope')).toBe('profile email');

    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    expect(result.connection).toMatchObject({
      provider: 'acme-plain',
      accountId: server.account.sub,
      accountName: server.account.name,
      status: 'active',
    });
    // No ID token and no issuer: nothing claims an issuer.
    expect(result.connection.metadata).toEqual({ email: server.account.email });
    expect(result.connection.scopes.toSorted()).toEqual(['email', 'profile']);
    expect(server.requests('/api/me')).toBe(meRequests + 1);
  });

  it('reconnecting the same account updates its connection rather than adding one', async () => {
    const { result } = await connect(hub, workspaceId, server, 'acme');
    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    const { data } = await hub.connections.list(workspaceId, { provider: 'acme' });
    expect(data.map((connection) => connection.id)).toEqual([result.connection.id]);
  });

  it('deleting a connection revokes its grant at the discovered revocation endpoint', async () => {
    const { result } = await connect(hub, workspaceId, server, 'acme');
    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    const credentials = await hub.connections.credentials(workspaceId, result.connection.id);
    if (credentials.type !== 'oauth2' || !credentials.refreshToken) throw new Error('expected a refresh token');
    const revocations = server.requests('/token/revocation');

    await hub.connections.delete(workspaceId, result.connection.id);

    expect(server.requests('/token/revocation')).toBe(revocations + 1);
    const refresh = await fetch(`${server.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${server.clientId}:${server.clientSecret}`)}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken }),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('connect flow against a conformant OpenID provider (ID token without profile claims)', () => {
  let server: OidcServer;
  let hub: Hub;
  let workspaceId: string;
  let closeHub: () => Promise<void>;

  beforeAll(async () => {
    server = await startOidcServer({ redirectUris: [callbackUrl], conformIdTokenClaims: true });
    const client = { clientId: server.clientId, clientSecret: server.clientSecret };
    ({
      hub,
      workspaceId,
      close: closeHub,
    } = await startHub([factory({ issuer: server.issuer, ...client }, { id: 'acme', publicUrl })]));
  });
  afterAll(async () => {
    await closeHub?.();
    await server?.close();
  });

  it('completes the account from the discovered userinfo endpoint', async () => {
    const { result } = await connect(hub, workspaceId, server, 'acme');
    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    expect(result.connection).toMatchObject({
      accountId: server.account.sub,
      accountName: server.account.name,
      metadata: { email: server.account.email, issuer: server.issuer },
    });
    expect(server.requests('/me')).toBe(1);
  });
});
