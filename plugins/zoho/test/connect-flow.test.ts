import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_USER, ORG } from './support/zoho-fake.js';
import { startZohoHub, type ZohoHub } from './support/zoho-hub.js';

describe('Zoho through the hub HTTP API', () => {
  let zh: ZohoHub;
  beforeAll(async () => {
    zh = await startZohoHub();
  });
  afterAll(() => zh?.close());

  it('connects an EU account: the connection carries organization { id, name } and dc; no secret leaks', async () => {
    const { key } = zh.api;
    const session = await zh.api.call('POST', '/v1/connect-sessions', {
      key,
      body: { provider: 'zoho', returnTo: 'https://app.example.com/done' },
    });
    expect(session.status).toBe(201);
    const redirect = await zh.api.call(
      'GET',
      `/oauth/callback?${new URLSearchParams(await zh.approve('eu', session.json.authorizationUrl))}`,
    );
    expect(redirect.status).toBe(302);
    const connectionId = new URL(redirect.headers.get('location')!).searchParams.get('connection_id');
    expect(connectionId).toEqual(expect.any(String));

    const { json } = await zh.api.call('GET', `/v1/connections/${connectionId}`, { key });
    expect(json.connection).toMatchObject({
      provider: 'zoho',
      status: 'active',
      accountId: `${ORG.id}:${CURRENT_USER.id}`,
      accountName: CURRENT_USER.full_name,
      scopes: ['ZohoCRM.org.READ', 'ZohoCRM.users.READ'],
      metadata: { dc: 'eu', apiDomain: zh.dcs.eu.origin, organization: { id: ORG.id, name: ORG.company_name } },
    });

    const proxied = await zh.api.call('GET', `/v1/connections/${connectionId}/proxy/crm/v8/users?type=CurrentUser`, {
      key,
    });
    expect(proxied.status).toBe(200);
    expect((await zh.api.call('POST', `/v1/connections/${connectionId}/refresh`, { key })).status).toBe(200);
    await zh.api.call('GET', '/v1/connections', { key });
    await zh.api.call(
      'GET',
      `/oauth/callback?${new URLSearchParams({ state: 'replayed', code: 'x', location: 'eu' })}`,
    );
    expect((await zh.api.call('DELETE', `/v1/connections/${connectionId}`, { key })).status).toBe(204);

    // Canary sweep: the client secret and every token the fake issued appear in no answer and no log line.
    const issued = zh.dcs.eu.issued.flatMap((tokens) => [tokens.accessToken, tokens.refreshToken ?? []].flat());
    const canaries = [zh.clientSecret, ...issued];
    expect(issued.length).toBeGreaterThanOrEqual(3);
    // They were really sent (the sweep below would pass vacuously otherwise).
    expect(zh.api.outbound.some((request) => request.url.href.includes(zh.clientSecret))).toBe(true);
    expect(zh.api.logs.length).toBeGreaterThan(0);
    for (const canary of canaries) {
      for (const answer of zh.api.answers) expect(answer.text).not.toContain(canary);
      for (const line of zh.api.logs) expect(line).not.toContain(canary);
    }
  });
});
