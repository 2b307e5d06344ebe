import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_LIVED_SECONDS, VERSION } from './support/meta-fakes.js';
import { type MetaHub, startMetaHub } from './support/meta-hub.js';

const DAY_MS = 86_400_000;
const expiresInMs = (credentials: { type: string; expiresAt?: string }) =>
  Date.parse(credentials.type === 'oauth2' ? credentials.expiresAt! : '') - Date.now();

describe('facebook-pages', () => {
  let mh: MetaHub;
  beforeAll(async () => {
    mh = await startMetaHub();
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

  it('exchanges the short-lived token for a long-lived one (fb_exchange_token) through the refresh hook', async () => {
    const connection = await mh.connect('facebook-pages');
    const short = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    expect(expiresInMs(short)).toBeLessThan(2 * 3_600_000);
    await mh.api.hub.connections.refresh(mh.api.workspaceId, connection.id);
    const exchange = mh.facebook.fake.requestsTo(`/${VERSION}/oauth/access_token`).at(-1)!;
    expect(exchange.method).toBe('GET');
    expect(Object.fromEntries(exchange.query)).toMatchObject({
      grant_type: 'fb_exchange_token',
      client_id: mh.facebook.fake.clientId,
      client_secret: mh.facebook.appSecret,
      fb_exchange_token: short.type === 'oauth2' ? short.accessToken : '',
    });
    const long = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    expect(expiresInMs(long)).toBeGreaterThan(59 * DAY_MS);
    expect(mh.facebook.fake.isLive(long.type === 'oauth2' ? long.accessToken : '')).toBe(true);
  });

  it('re-exchanges on its own when a token is about to expire: the short one, then the long-lived one', async () => {
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
    expect((await mh.api.hub.connections.get(mh.api.workspaceId, connection.id)).metadata).toEqual({
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
