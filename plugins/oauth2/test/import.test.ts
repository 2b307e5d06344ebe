import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '@plugboard/core';
import { startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { type OidcServer, startOidcServer } from '@plugboard/testing/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryOf, oidcProviders } from './support/providers.js';

// The tokens to import are minted by a connect on a first hub (nothing listens on its callback URL); a second
// hub, behind the real HTTP API, imports them as a migration would.
const publicUrl = 'http://127.0.0.1:4456';

describe('importing OAuth2 tokens through POST /v1/connections', () => {
  let server: OidcServer;
  let dir: string;
  let minting: Hub;
  let target: TestHub;
  let endpoints: Record<string, string>;

  beforeAll(async () => {
    server = await startOidcServer({ redirectUris: [`${publicUrl}/oauth/callback`] });
    endpoints = await discoveryOf(server);
    const providers = () => oidcProviders(server, endpoints, publicUrl);
    dir = await mkdtemp(join(tmpdir(), 'plugboard-oauth2-import-'));
    minting = await createHub({
      database: `sqlite:${join(dir, 'minting.db')}`,
      providers: providers(),
      encryptionKeys: [randomBytes(32).toString('base64')],
      publicUrl,
      background: false,
      // oidc-provider listens on loopback, which the egress policy refuses by default.
      egress: { allow: ['127.0.0.0/8'] },
    });
    target = await startTestHub(providers);
  });
  afterAll(async () => {
    await target?.close();
    await minting?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** An access token (and its expiry) for `provider`, from a real code flow on the minting hub. */
  async function mint(provider: string) {
    const { id: workspaceId } = await minting.workspaces.create({ name: provider });
    const session = await minting.connectSessions.create(workspaceId, { provider });
    const result = await minting.completeCallback(
      Object.fromEntries((await server.approve(session.authorizationUrl!)).searchParams),
    );
    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    const credentials = await minting.connections.credentials(workspaceId, result.connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected oauth2 credentials');
    return { accessToken: credentials.accessToken, expiresAt: credentials.expiresAt };
  }

  it('names the account from the declared userinfo URL (plain OAuth2, no ID token)', async () => {
    const tokens = await mint('acme-plain');
    const meRequests = server.requests('/api/me');
    const answer = await target.api('POST', '/v1/connections', {
      provider: 'acme-plain',
      credentials: { type: 'oauth2', ...tokens },
    });
    target.expectStatus(answer, 201);
    expect(answer.json.connection).toMatchObject({
      provider: 'acme-plain',
      accountId: server.account.sub,
      accountName: server.account.name,
      credentialType: 'oauth2',
      tokenExpiresAt: tokens.expiresAt,
      metadata: { email: server.account.email },
    });
    expect(server.requests('/api/me')).toBe(meRequests + 1);
  });

  it('names the account from the discovered userinfo endpoint (OpenID issuer, imported without an ID token)', async () => {
    const tokens = await mint('acme');
    const userinfoRequests = server.requests(new URL(endpoints.userinfo_endpoint!).pathname);
    const answer = await target.api('POST', '/v1/connections', {
      provider: 'acme',
      credentials: { type: 'oauth2', ...tokens },
    });
    target.expectStatus(answer, 201);
    expect(answer.json.connection).toMatchObject({ accountId: server.account.sub, accountName: server.account.name });
    expect(server.requests(new URL(endpoints.userinfo_endpoint!).pathname)).toBe(userinfoRequests + 1);
  });

  it('answers 400 validation_error when the provider refuses the imported token (a 401), and stores nothing', async () => {
    const count = async () =>
      target.expectStatus(await target.api('GET', '/v1/connections?provider=acme-plain'), 200).json.data.length;
    const before = await count();
    const answer = await target.api('POST', '/v1/connections', {
      provider: 'acme-plain',
      credentials: { type: 'oauth2', accessToken: 'not-a-token' },
    });
    target.expectStatus(answer, 400);
    expect(answer.json).toMatchObject({
      error: 'validation_error',
      message: expect.stringContaining('The provider refused the imported token'),
      details: [{ path: 'credentials.accessToken', message: 'refused by the provider' }],
    });
    expect(await count()).toBe(before);
  });
});
