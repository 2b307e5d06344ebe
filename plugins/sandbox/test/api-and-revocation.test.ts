import { describe, expect, it } from 'vitest';
import { SCOPE_DESCRIPTIONS } from '../src/scopes.js';
import { apiGet, basic, issueTokens, MOUNT, makeSandbox, type Sandbox, tokenRequest } from './helpers.js';

function revoke(sb: Sandbox, token: string, authorization: string | null = basic()) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization) headers.authorization = authorization;
  return sb.fetch('/revoke', { method: 'POST', headers, body: new URLSearchParams({ token }) });
}

describe('the sandbox API', () => {
  it('asks for a Bearer token when none is sent', async () => {
    const response = await apiGet(makeSandbox(), '/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sandbox"');
  });

  it('refuses an expired access token', async () => {
    const sb = makeSandbox({ tokenTtlSeconds: 60 });
    const tokens = await issueTokens(sb);
    sb.advance(59_000);
    expect((await apiGet(sb, '/me', tokens.access_token)).status).toBe(200);
    sb.advance(1_000);
    const response = await apiGet(sb, '/me', tokens.access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="sandbox", error="invalid_token"/);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('refuses a refresh token presented as an access token', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb);
    expect((await apiGet(sb, '/me', tokens.refresh_token)).status).toBe(401);
  });

  it('gives the same account the same id, and another account another id', async () => {
    const sb = makeSandbox();
    const me = async (name: string) =>
      (await (await apiGet(sb, '/me', (await issueTokens(sb, name)).access_token)).json()) as { id: string };
    const first = await me('Grace Hopper');
    expect(first.id).toMatch(/^grace-hopper-[0-9a-f]{8}$/);
    expect((await me('Grace Hopper')).id).toBe(first.id);
    expect((await me('Grace  Hopper')).id).not.toBe(first.id);
    expect((await me('Ωμέγα')).id).toMatch(/^user-[0-9a-f]{8}$/);
  });

  it('lists items', async () => {
    const sb = makeSandbox();
    const response = await apiGet(sb, '/items', (await issueTokens(sb)).access_token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { id: string }[] };
    expect(body.items.map((item) => item.id)).toEqual(['item-1', 'item-2', 'item-3']);
  });

  it('reads one item by id, and answers 404 for an unknown one', async () => {
    const sb = makeSandbox();
    const token = (await issueTokens(sb)).access_token;
    const found = await apiGet(sb, '/items/item-2', token);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({ item: { id: 'item-2', title: 'Call the API through the hub', done: false } });
    expect((await apiGet(sb, '/items/item-9', token)).status).toBe(404);
    expect((await apiGet(sb, '/items/item-2', 'not-a-token')).status).toBe(401);
  });
});

describe('POST /revoke', () => {
  it('revokes an access token alone', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb);
    const response = await revoke(sb, tokens.access_token);
    expect(response.status).toBe(200);
    expect((await apiGet(sb, '/me', tokens.access_token)).status).toBe(401);
    const refreshed = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.response.status).toBe(200);
  });

  it('revokes a refresh token with the access tokens of its grant', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb);
    const other = await issueTokens(sb);
    expect((await revoke(sb, tokens.refresh_token)).status).toBe(200);
    const refreshed = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.response.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
    expect((await apiGet(sb, '/me', tokens.access_token)).status).toBe(401);
    expect((await apiGet(sb, '/me', other.access_token)).status).toBe(200);
  });

  it('answers 200 to an unknown or already revoked token', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb);
    expect((await revoke(sb, 'not-a-token')).status).toBe(200);
    expect((await revoke(sb, tokens.access_token)).status).toBe(200);
    expect((await revoke(sb, tokens.access_token)).status).toBe(200);
  });

  it('requires client authentication', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb);
    const response = await revoke(sb, tokens.access_token, basic('sandbox-client', 'wrong'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    expect((await apiGet(sb, '/me', tokens.access_token)).status).toBe(200);
  });

  it('needs a token parameter', async () => {
    const response = await makeSandbox().fetch('/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic() },
      body: '',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('the provider definition', () => {
  it('points its OAuth2 endpoints and API at its mount', () => {
    const { provider } = makeSandbox();
    expect(provider).toMatchObject({ kind: 'plugboard.provider', specVersion: 1, id: 'sandbox', name: 'Sandbox' });
    expect(provider.auth).toEqual({
      type: 'oauth2',
      authorizationUrl: `${MOUNT}/authorize`,
      tokenUrl: `${MOUNT}/token`,
      revocationUrl: `${MOUNT}/revoke`,
      scopes: { default: ['profile', 'items:read'], separator: ' ', descriptions: SCOPE_DESCRIPTIONS },
      pkce: 'S256',
      clientAuth: 'basic',
      client: { clientId: 'sandbox-client', clientSecret: 'sandbox-secret' },
    });
    expect(provider.api?.baseUrl).toBe(`${MOUNT}/api`);
  });

  it('reports the connected account through the signed fetch it is given', async () => {
    const sb = makeSandbox();
    const { access_token } = await issueTokens(sb, 'Ada Lovelace');
    const signedFetch = (path: string) => apiGet(sb, path, access_token);
    const account = await sb.provider.account!({
      credentials: { type: 'oauth2', accessToken: access_token, tokenType: 'Bearer' },
      fetch: signedFetch,
    });
    expect(account).toEqual({
      id: expect.stringMatching(/^ada-lovelace-[0-9a-f]{8}$/),
      name: 'Ada Lovelace',
      metadata: { email: `${account.id}@sandbox.invalid` },
    });
    expect(sb.provider.metadataSchema!.parse(account.metadata)).toEqual(account.metadata);
  });

  it('fails account lookup as reauth_required when the token is refused (an import of it is a 400)', async () => {
    const sb = makeSandbox();
    const signedFetch = (path: string) => apiGet(sb, path, 'bad.token');
    await expect(
      sb.provider.account!({
        credentials: { type: 'oauth2', accessToken: 'bad.token', tokenType: 'Bearer' },
        fetch: signedFetch,
      }),
    ).rejects.toMatchObject({ code: 'reauth_required', message: expect.stringContaining('answered 401') });
  });
});
