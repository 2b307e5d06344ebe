import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zoho, { LOCATIONS, ZOHO_DATA_CENTRES } from '../src/index.js';
import { CURRENT_USER, ORG } from './support/zoho-fake.js';
import { startZohoHub, type ZohoHub } from './support/zoho-hub.js';

const tokenPath = '/oauth/v2/token';

describe('Zoho data centres', () => {
  let zh: ZohoHub;
  beforeAll(async () => {
    zh = await startZohoHub();
  });
  afterAll(() => zh?.close());

  it('maps every documented location to its accounts server and API host through the built-in table', () => {
    const provider = zoho({ clientId: 'id', clientSecret: 'secret' });
    if (provider.auth.type !== 'oauth2' || typeof provider.auth.tokenUrl !== 'function') throw new Error('oauth2');
    const tokenUrl = provider.auth.tokenUrl;
    expect(LOCATIONS).toEqual(['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'uk', 'cn']);
    expect(tokenUrl({ callbackParams: { location: 'au' }, metadata: {} })).toBe(
      'https://accounts.zoho.com.au/oauth/v2/token',
    );
    expect(tokenUrl({ callbackParams: { location: 'ca' }, metadata: {} })).toBe(
      'https://accounts.zohocloud.ca/oauth/v2/token',
    );
    expect(tokenUrl({ metadata: { dc: 'cn' } })).toBe('https://accounts.zoho.com.cn/oauth/v2/token');
    expect(ZOHO_DATA_CENTRES.eu).toEqual({ accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu' });
    expect(tokenUrl({ metadata: {} })).toBe('https://accounts.zoho.com/oauth/v2/token');
    expect(() => tokenUrl({ metadata: { dc: 'https://evil.example' } })).toThrow(/data centre/);
  });

  it("exchanges the code at the accounts server of the callback's location, with every parameter in the query", async () => {
    const session = await zh.api.hub.connectSessions.create(zh.api.workspaceId, { provider: 'zoho' });
    const authorization = new URL(session.authorizationUrl!);
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${zh.dcs.us.origin}/oauth/v2/auth`);
    expect(authorization.searchParams.get('scope')).toBe('ZohoCRM.org.READ,ZohoCRM.users.READ');
    expect(authorization.searchParams.get('access_type')).toBe('offline');
    expect(authorization.searchParams.get('prompt')).toBe('consent');

    const result = await zh.api.hub.completeCallback(await zh.approve('eu', session.authorizationUrl!));
    if (!result.ok) throw new Error(result.error.message);
    expect(zh.dcs.us.requestsTo(tokenPath)).toHaveLength(0);
    expect(zh.dcs.in.requestsTo(tokenPath)).toHaveLength(0);
    const [exchange] = zh.dcs.eu.requestsTo(tokenPath);
    expect(exchange?.method).toBe('POST');
    expect(exchange?.body).toBe('');
    expect(Object.fromEntries(exchange!.query)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: zh.dcs.eu.clientId,
      client_secret: zh.clientSecret,
      code: expect.any(String),
      redirect_uri: `${zh.api.publicUrl}/oauth/callback`,
    });
    expect(result.connection).toMatchObject({
      accountId: `${ORG.id}:${CURRENT_USER.id}`,
      accountName: CURRENT_USER.full_name,
      metadata: { dc: 'eu', apiDomain: zh.dcs.eu.origin, organization: { id: ORG.id, name: ORG.company_name } },
    });
  });

  it("signs API calls with the Zoho-oauthtoken scheme, on the connection's api_domain", async () => {
    const connection = await zh.connect('in');
    const accountCalls = zh.dcs.in.requestsTo('/crm/v8/org');
    expect(accountCalls.at(-1)?.headers.authorization).toMatch(/^Zoho-oauthtoken fake-at-/);

    const answer = await zh.api.call('GET', `/v1/connections/${connection.id}/proxy/crm/v8/org`, {
      key: zh.api.key,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ org: [ORG] });
    expect(zh.dcs.in.requestsTo('/crm/v8/org')).toHaveLength(accountCalls.length + 1);
    expect(zh.dcs.us.requestsTo('/crm/v8/org')).toHaveLength(0);
  });

  it('refreshes at the stored data centre and keeps the refresh token (Zoho does not rotate)', async () => {
    const connection = await zh.connect('eu');
    const before = await zh.api.hub.connections.credentials(zh.api.workspaceId, connection.id);
    const refreshes = zh.dcs.eu.requestsTo(tokenPath).length;
    await zh.api.hub.connections.refresh(zh.api.workspaceId, connection.id);
    const after = await zh.api.hub.connections.credentials(zh.api.workspaceId, connection.id);
    const refresh = zh.dcs.eu.requestsTo(tokenPath).at(-1)!;
    expect(zh.dcs.eu.requestsTo(tokenPath)).toHaveLength(refreshes + 1);
    expect(refresh.query.get('grant_type')).toBe('refresh_token');
    expect(refresh.query.get('client_secret')).toBe(zh.clientSecret);
    if (before.type !== 'oauth2' || after.type !== 'oauth2') throw new Error('oauth2');
    expect(refresh.query.get('refresh_token')).toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
  });

  it("treats Zoho's HTTP 200 with error invalid_code as a lost grant", async () => {
    const connection = await zh.connect('eu');
    zh.dcs.eu.inject('token:refresh_token', { status: 200, body: { error: 'invalid_code' } });
    await expect(zh.api.hub.connections.refresh(zh.api.workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect((await zh.api.hub.connections.get(zh.api.workspaceId, connection.id)).status).toBe('reauth_required');
  });

  it('revokes the refresh token at the data centre that issued it, token in the query string', async () => {
    const connection = await zh.connect('in');
    const credentials = await zh.api.hub.connections.credentials(zh.api.workspaceId, connection.id);
    if (credentials.type !== 'oauth2') throw new Error('oauth2');
    await zh.api.hub.connections.delete(zh.api.workspaceId, connection.id);
    const revoke = zh.dcs.in.requestsTo('/oauth/v2/token/revoke').at(-1);
    expect(revoke?.query.get('token')).toBe(credentials.refreshToken);
    expect(zh.dcs.in.revoked).toContain(credentials.refreshToken);
    expect(zh.dcs.in.isLive(credentials.accessToken)).toBe(false);
  });
});
