import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_LIVED_SECONDS, shortLivedPageToken, VERSION } from './support/meta-fakes.js';
import { type MetaHub, SECRETS_ACTION, startMetaHub } from './support/meta-hub.js';

const DAY_MS = 86_400_000;
const expiresInMs = (credentials: { type: string; expiresAt?: string }) =>
  Date.parse(credentials.type === 'oauth2' ? credentials.expiresAt! : '') - Date.now();

describe('facebook-pages', () => {
  let mh: MetaHub;
  beforeAll(async () => {
    mh = await startMetaHub({ exposeSecrets: true });
  });
  afterAll(() => mh?.close());

  it('asks Facebook Login for the pages scopes, with PKCE, and exchanges the code with the secret in the body', async () => {
    const session = await mh.api.hub.connectSessions.create(mh.api.workspaceId, { provider: 'facebook-pages' });
    const url = new URL(session.authorizationUrl!);
    expect(`${url.origin}${url.pathname}`).toBe(`${mh.facebook.fake.origin}/${VERSION}/dialog/oauth`);
    expect(url.searchParams.get('scope')).toBe('pages_show_list,pages_read_engagement');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const result = await mh.api.hub.completeCallback(await mh.facebook.fake.approve(url.href));
    if (!result.ok) throw new Error(result.error.message);
    const exchange = mh.facebook.fake.requestsTo(`/${VERSION}/oauth/access_token`).find((r) => r.method === 'POST');
    expect(exchange?.form?.get('client_secret')).toBe(mh.facebook.appSecret);
    expect(result.connection).toMatchObject({ accountId: '5550001', accountName: 'Patricia Boyle', metadata: {} });
  });

  it('swaps the code token for a long-lived one (fb_exchange_token) before the account step; no refresh is due', async () => {
    const requestsBefore = mh.facebook.fake.requests.length;
    const issuedBefore = mh.facebook.fake.issued.length;
    const connection = await mh.connect('facebook-pages');
    const during = mh.facebook.fake.requests.slice(requestsBefore);
    const code = mh.facebook.fake.issued.slice(issuedBefore).find((t) => t.grantType === 'authorization_code')!;
    const stored = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    if (stored.type !== 'oauth2') throw new Error('oauth2');

    // What the connection keeps is the long-lived token minted for the code's token, not the code's token.
    expect(stored.accessToken).not.toBe(code.accessToken);
    expect(mh.facebook.isLongLived(stored.accessToken)).toBe(true);
    expect(mh.facebook.exchangedFrom(stored.accessToken)).toBe(code.accessToken);
    expect(expiresInMs(stored)).toBeGreaterThan(59 * DAY_MS);

    // The exchange ran right after the code exchange, and the account step (/me, /me/accounts) after it.
    expect(during.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /${VERSION}/oauth/access_token`,
      `GET /${VERSION}/oauth/access_token`,
      `GET /${VERSION}/me`,
      `GET /${VERSION}/me/accounts`,
    ]);
    expect(Object.fromEntries(during[1]!.query)).toMatchObject({
      grant_type: 'fb_exchange_token',
      client_id: mh.facebook.fake.clientId,
      client_secret: mh.facebook.appSecret,
      fb_exchange_token: code.accessToken,
    });
    for (const request of during.slice(2)) {
      expect(request.headers.authorization, request.path).toBe(`Bearer ${stored.accessToken}`);
    }

    // Nothing is due: reading the credentials again runs no exchange and serves the same token.
    const exchanges = () => mh.facebook.fake.issued.filter((t) => t.grantType === 'fb_exchange_token').length;
    const exchangesAfterConnect = exchanges();
    const again = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    expect(again.type === 'oauth2' && again.accessToken).toBe(stored.accessToken);
    expect(exchanges()).toBe(exchangesAfterConnect);
    expect(mh.facebook.fake.requests.length).toBe(requestsBefore + during.length);
  });

  it('stores the long-lived page tokens /me/accounts gives a long-lived user token at connect', async () => {
    const connection = await mh.connect('facebook-pages');
    const secrets = await mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, SECRETS_ACTION, {});
    expect(secrets).toEqual(
      Object.fromEntries(mh.facebook.pages.map((page) => [`page:${page.id}`, page.access_token])),
    );
    for (const page of mh.facebook.pages) expect(JSON.stringify(secrets)).not.toContain(shortLivedPageToken(page));
  });

  it('refresh re-exchanges the long-lived token (fb_exchange_token) for a new long-lived one', async () => {
    const connection = await mh.connect('facebook-pages');
    const current = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    await mh.api.hub.connections.refresh(mh.api.workspaceId, connection.id);
    const exchange = mh.facebook.fake.requestsTo(`/${VERSION}/oauth/access_token`).at(-1)!;
    expect(exchange.method).toBe('GET');
    expect(Object.fromEntries(exchange.query)).toMatchObject({
      grant_type: 'fb_exchange_token',
      client_id: mh.facebook.fake.clientId,
      client_secret: mh.facebook.appSecret,
      fb_exchange_token: current.type === 'oauth2' ? current.accessToken : '',
    });
    const renewed = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    if (renewed.type !== 'oauth2' || current.type !== 'oauth2') throw new Error('oauth2');
    expect(renewed.accessToken).not.toBe(current.accessToken);
    expect(mh.facebook.isLongLived(renewed.accessToken)).toBe(true);
    expect(expiresInMs(renewed)).toBeGreaterThan(59 * DAY_MS);
  });

  it('re-exchanges on its own when the long-lived token is about to expire', async () => {
    mh.facebook.fake.setAccessTokenTtl(30);
    mh.facebook.state.longLivedSeconds = 30;
    try {
      const connection = await mh.connect('facebook-pages');
      const grants = () => mh.facebook.fake.issued.filter((tokens) => tokens.grantType === 'fb_exchange_token').length;
      const before = grants();
      // Due within the engine's margin: reading the credentials runs the refresh hook first.
      const first = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
      expect(grants()).toBe(before + 1);
      const second = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
      expect(grants()).toBe(before + 2);
      if (first.type !== 'oauth2' || second.type !== 'oauth2') throw new Error('oauth2');
      const reExchange = mh.facebook.fake.requestsTo(`/${VERSION}/oauth/access_token`).at(-1)!;
      expect(reExchange.query.get('fb_exchange_token')).toBe(first.accessToken);
      expect(second.accessToken).not.toBe(first.accessToken);
    } finally {
      mh.facebook.fake.setAccessTokenTtl(5400);
      mh.facebook.state.longLivedSeconds = LONG_LIVED_SECONDS;
    }
  });

  it('DELETE /v1/connections/:id de-authorizes the app (DELETE /me/permissions, with appsecret_proof), then deletes', async () => {
    const connection = await mh.connect('facebook-pages');
    const stored = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    if (stored.type !== 'oauth2') throw new Error('oauth2');
    const requestsBefore = mh.facebook.fake.requests.length;
    const logsBefore = mh.api.logs.length;
    const deleted = await mh.api.call('DELETE', `/v1/connections/${connection.id}`, { key: mh.api.key });
    expect(deleted.status).toBe(204);
    expect((await mh.api.call('GET', `/v1/connections/${connection.id}`, { key: mh.api.key })).status).toBe(404);

    const sent = mh.facebook.fake.requests.slice(requestsBefore);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /${VERSION}/me/permissions`]);
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${stored.accessToken}`);
    const proof = createHmac('sha256', mh.facebook.appSecret).update(stored.accessToken).digest('hex');
    expect(sent[0]!.query.get('appsecret_proof')).toBe(proof);
    expect(sent[0]!.query.has('access_token')).toBe(false);
    // The fake checked the proof before it took the revocation, and the token is dead now.
    expect(mh.facebook.deauthorized).toContain(stored.accessToken);
    const after = await fetch(mh.facebook.fake.url(`/${VERSION}/me?appsecret_proof=${proof}`), {
      headers: { authorization: `Bearer ${stored.accessToken}` },
    });
    expect(await after.json()).toMatchObject({ error: { code: 190 } });
    expect(mh.api.logs.slice(logsBefore).filter((line) => line.includes('revocation failed'))).toEqual([]);
  });

  it('still deletes the connection when Graph refuses the revocation, and logs the failure', async () => {
    const connection = await mh.connect('facebook-pages');
    mh.facebook.fake.inject(`DELETE /${VERSION}/me/permissions`, {
      status: 500,
      body: { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2 } },
    });
    const logsBefore = mh.api.logs.length;
    const deleted = await mh.api.call('DELETE', `/v1/connections/${connection.id}`, { key: mh.api.key });
    expect(deleted.status).toBe(204);
    expect((await mh.api.call('GET', `/v1/connections/${connection.id}`, { key: mh.api.key })).status).toBe(404);
    const failure = mh.api.logs.slice(logsBefore).filter((line) => line.includes('revocation failed'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toContain('OAuthException 2');
  });

  it('sends a valid appsecret_proof with every Graph call, and the fake refuses calls without one', async () => {
    const connection = await mh.connect('facebook-pages');
    await mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, 'list-pages', {});
    const proxied = await mh.api.call('GET', `/v1/connections/${connection.id}/proxy/me?fields=id,name`, {
      key: mh.api.key,
    });
    expect(proxied.status).toBe(200);
    const graphCalls = mh.facebook.fake.requests.filter((r) => r.path.startsWith(`/${VERSION}/me`));
    expect(graphCalls.length).toBeGreaterThanOrEqual(4);
    expect(graphCalls.every((r) => /^[0-9a-f]{64}$/.test(r.query.get('appsecret_proof') ?? ''))).toBe(true);
    const credentials = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    const bare = await fetch(mh.facebook.fake.url(`/${VERSION}/me`), {
      headers: { authorization: `Bearer ${credentials.type === 'oauth2' ? credentials.accessToken : ''}` },
    });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ error: { code: 100 } });
  });

  it('list-pages answers ids and names only; select-page stores the choice in metadata', async () => {
    const connection = await mh.connect('facebook-pages');
    const pages = await mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, 'list-pages', {});
    expect(pages).toEqual(mh.facebook.pages.map(({ id, name }) => ({ id, name })));
    for (const page of mh.facebook.pages) expect(JSON.stringify(pages)).not.toContain(page.access_token);

    const [, second] = mh.facebook.pages;
    const selected = await mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, 'select-page', {
      pageId: second!.id,
    });
    expect(selected).toEqual({ pageId: second!.id, pageName: second!.name });
    expect((await mh.api.hub.connections.get(mh.api.workspaceId, connection.id)).metadata).toMatchObject({
      pageId: second!.id,
      pageName: second!.name,
    });
    await expect(
      mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, 'select-page', { pageId: '999' }),
    ).rejects.toMatchObject({ code: 'validation_error' });
  });

  it('keeps page tokens captured at connect: a page granted later cannot be selected until a reconnect', async () => {
    const connection = await mh.connect('facebook-pages');
    mh.facebook.pages.push({ id: '100000000000009', name: 'Late Page', access_token: 'page-token-canary-late-0001' });
    try {
      await expect(
        mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, 'select-page', {
          pageId: '100000000000009',
        }),
      ).rejects.toMatchObject({ code: 'validation_error', message: /connect again/ });
      const again = await mh.connect('facebook-pages');
      expect(again.id).toBe(connection.id);
      await mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, 'select-page', {
        pageId: '100000000000009',
      });
    } finally {
      mh.facebook.pages.pop();
    }
  });
});
