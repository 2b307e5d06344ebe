import { startTestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zoho from '../src/index.js';
import { startRecorder, startZohoDataCentre } from './support/zoho-fake.js';
import { rowOf, startZohoHub, type ZohoHub } from './support/zoho-hub.js';

// DESIGN.md 7.4: provider-supplied callback values go through the fixed table; no secret reaches an undeclared host.
describe('The Zoho `accounts-server` injection test: an attacker-chosen host gets no request and no secret', () => {
  let zh: ZohoHub;
  let attacker: Awaited<ReturnType<typeof startRecorder>>;
  beforeAll(async () => {
    zh = await startZohoHub();
    attacker = await startRecorder();
  });
  afterAll(async () => {
    await zh?.close();
    await attacker?.close();
  });

  const attempts = (): { name: string; extra: Record<string, string> }[] => [
    { name: 'accounts-server of another host', extra: { 'accounts-server': attacker.origin } },
    { name: 'an unknown location', extra: { location: 'xx', 'accounts-server': attacker.origin } },
    { name: 'a URL as the location', extra: { location: attacker.origin } },
    { name: "another data centre's accounts server", extra: { 'accounts-server': 'https://accounts.zoho.eu' } },
  ];

  it('refuses every tampered callback through the engine before any token request', async () => {
    const before = zh.api.outbound.length;
    for (const { name, extra } of attempts()) {
      const session = await zh.api.hub.connectSessions.create(zh.api.workspaceId, { provider: 'zoho' });
      const result = await zh.api.hub.completeCallback(await zh.approve('us', session.authorizationUrl!, extra));
      expect(result, name).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    }
    expect(zh.api.outbound).toHaveLength(before);
    expect(attacker.seen).toEqual([]);
  });

  it('answers the browser with an error page (4xx) at the public callback, and sends nothing anywhere', async () => {
    const before = zh.api.outbound.length;
    for (const { name, extra } of attempts()) {
      const session = await zh.api.call('POST', '/v1/connect-sessions', {
        key: zh.api.key,
        body: { provider: 'zoho' },
      });
      const query = await zh.approve('us', session.json.authorizationUrl, extra);
      const answer = await zh.api.call('GET', `/oauth/callback?${new URLSearchParams(query)}`);
      expect(answer.status, name).toBeGreaterThanOrEqual(400);
      expect(answer.status, name).toBeLessThan(500);
      expect(answer.text, name).not.toContain(zh.clientSecret);
    }
    expect(zh.api.outbound).toHaveLength(before);
    expect(attacker.seen).toEqual([]);
    // The engine really does send the secret on an honest callback, and only to the data centre's own host.
    await zh.connect('eu');
    const carrying = zh.api.outbound.filter((request) => request.url.href.includes(zh.clientSecret));
    expect(carrying.length).toBeGreaterThan(0);
    expect(new Set(carrying.map((request) => request.url.origin))).toEqual(new Set([zh.dcs.eu.origin]));
    expect(attacker.seen).toEqual([]);
  });

  it("refuses an api_domain that is not the data centre's API host, and never calls it", async () => {
    const clientSecret = 'zoho-secret-for-the-api-domain-test';
    const dc = await startZohoDataCentre({ clientSecret, apiDomain: () => attacker.origin });
    const api = await startTestHub((publicUrl) => [
      zoho({ clientId: dc.clientId, clientSecret, dataCenters: { us: rowOf(dc) } }, { publicUrl }),
    ]);
    try {
      const { result } = await api.connect('zoho', (url) =>
        dc.approve(url, { location: 'us', 'accounts-server': dc.origin }),
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'provider_error', message: /api_domain/ } });
      expect(dc.requestsTo('/oauth/v2/token')).toHaveLength(1);
      expect(attacker.seen).toEqual([]);
      expect(api.outbound.every((request) => request.url.origin === dc.origin)).toBe(true);
      expect((await api.hub.connections.list(api.workspaceId)).data).toEqual([]);
    } finally {
      await api.close();
      await dc.close();
    }
  });
});
