import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IG_ACCOUNT, VERSION } from './support/meta-fakes.js';
import { type MetaHub, startMetaHub } from './support/meta-hub.js';

describe('instagram', () => {
  let mh: MetaHub;
  beforeAll(async () => {
    mh = await startMetaHub();
  });
  afterAll(() => mh?.close());

  it("exchanges the code at Instagram's own token endpoint and names the account by igUserId and username", async () => {
    const session = await mh.api.hub.connectSessions.create(mh.api.workspaceId, { provider: 'instagram' });
    const url = new URL(session.authorizationUrl!);
    expect(`${url.origin}${url.pathname}`).toBe(`${mh.instagram.fake.origin}/oauth/authorize`);
    expect(url.searchParams.get('scope')).toBe('instagram_business_basic');
    expect(url.searchParams.has('code_challenge')).toBe(false);
    const result = await mh.api.hub.completeCallback(await mh.instagram.fake.approve(url.href));
    if (!result.ok) throw new Error(result.error.message);
    const exchange = mh.instagram.fake.requestsTo('/oauth/access_token').at(-1)!;
    expect(exchange.form?.get('client_secret')).toBe(mh.instagram.appSecret);
    expect(exchange.form?.get('grant_type')).toBe('authorization_code');
    expect(result.connection).toMatchObject({
      accountId: IG_ACCOUNT.user_id,
      accountName: IG_ACCOUNT.username,
      scopes: ['instagram_business_basic'],
      metadata: { igUserId: IG_ACCOUNT.user_id, username: IG_ACCOUNT.username },
    });
    expect(mh.instagram.fake.requestsTo(`/${VERSION}/me`).at(-1)?.query.get('fields')).toBe('user_id,username');
  });

  it('exchanges the short-lived token once (ig_exchange_token), then refreshes on its own endpoint (ig_refresh_token)', async () => {
    const connection = await mh.connect('instagram');
    const short = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    await mh.api.hub.connections.refresh(mh.api.workspaceId, connection.id);
    const exchange = mh.instagram.fake.requestsTo('/access_token').at(-1)!;
    expect(Object.fromEntries(exchange.query)).toEqual({
      grant_type: 'ig_exchange_token',
      client_secret: mh.instagram.appSecret,
      access_token: short.type === 'oauth2' ? short.accessToken : '',
    });
    const long = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    if (long.type !== 'oauth2') throw new Error('oauth2');
    expect(mh.instagram.longLived.has(long.accessToken)).toBe(true);
    expect(Date.parse(long.expiresAt!) - Date.now()).toBeGreaterThan(59 * 86_400_000);

    await mh.api.hub.connections.refresh(mh.api.workspaceId, connection.id);
    const refresh = mh.instagram.fake.requestsTo('/refresh_access_token').at(-1)!;
    expect(Object.fromEntries(refresh.query)).toEqual({
      grant_type: 'ig_refresh_token',
      access_token: long.accessToken,
    });
    const renewed = await mh.api.hub.connections.credentials(mh.api.workspaceId, connection.id);
    expect(renewed.type === 'oauth2' && mh.instagram.longLived.has(renewed.accessToken)).toBe(true);
    expect(mh.instagram.fake.requestsTo('/access_token')).toHaveLength(1);
  });

  it('marks the connection reauth_required when Instagram says the token is no longer valid', async () => {
    const connection = await mh.connect('instagram');
    mh.instagram.fake.inject('GET /access_token', {
      status: 400,
      body: { error: { message: 'Error validating access token', type: 'OAuthException', code: 190 } },
    });
    await expect(mh.api.hub.connections.refresh(mh.api.workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect((await mh.api.hub.connections.get(mh.api.workspaceId, connection.id)).status).toBe('reauth_required');
  });

  it('deletes without revoking: Instagram Login documents no revocation endpoint (revoke: none)', async () => {
    const provider = mh.api.providers.find((candidate) => candidate.id === 'instagram')!;
    expect(provider.auth.type === 'oauth2' && provider.auth.revoke).toBe('none');
    const connection = await mh.connect('instagram');
    const requestsBefore = mh.instagram.fake.requests.length;
    const deleted = await mh.api.call('DELETE', `/v1/connections/${connection.id}`, { key: mh.api.key });
    expect(deleted.status).toBe(204);
    expect(mh.instagram.fake.requests.slice(requestsBefore)).toEqual([]);
  });
});
