import { randomBytes } from 'node:crypto';
import { startFakeOAuthServer, workspaceWithKey } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.js';
import { connectAcme, fakeProviderYaml, proxyKey } from './support/fake-provider.js';
import { api, freePort, type HubProcess, startHubProcess, writeConfig } from './support/hub-process.js';

/** The value of one sample of the exposition, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = [...(match[2] ?? '').matchAll(/\w+="[^"]*"/g)].map(([label]) => label);
    if (wanted.every((label) => have.includes(label)) && have.length === wanted.length) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics of a hub process', () => {
  const dir = tempDir();
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let hub: HubProcess;
  const adminKey = randomBytes(32).toString('base64url');
  const metricsToken = randomBytes(24).toString('base64url');
  const encryptionKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    const port = await freePort();
    const config = writeConfig(
      dir.root,
      port,
      `database: sqlite:./hub.db
encryptionKeys: ["${encryptionKey}"]
adminKey: "${adminKey}"
background: { refresh: false, webhooks: false }
egress: { allow: [127.0.0.0/8] }
metrics: { enabled: true, token: "${metricsToken}" }
${fakeProviderYaml(fake)}`,
    );
    hub = await startHubProcess('start', config, port);
  });
  afterAll(async () => {
    await hub?.stop();
    await fake?.close();
    dir.cleanup();
  });

  it('counts a connect flow, a proxied call and a refresh by template and provider, and names no id or secret', async () => {
    const { key, workspaceId } = await workspaceWithKey(hub.url, adminKey);
    const connectionId = await connectAcme(hub.url, key, fake);
    const proxying = await proxyKey(hub.url, adminKey, workspaceId);
    const proxied = await fetch(`${hub.url}/v1/connections/${connectionId}/proxy/api/me`, {
      headers: { authorization: `Bearer ${proxying}` },
    });
    expect(proxied.status).toBe(200);
    await proxied.text();
    const refreshed = await api(hub.url, 'POST', `/v1/connections/${connectionId}/refresh`, key);
    expect(refreshed.status).toBe(200);

    expect((await fetch(`${hub.url}/metrics`)).status).toBe(401);
    expect((await api(hub.url, 'GET', '/metrics', adminKey)).status).toBe(401);
    const scraped = await api(hub.url, 'GET', '/metrics', metricsToken);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = scraped.text;

    const requests = 'plugboard_http_request_duration_seconds_count';
    expect(sample(text, requests, { route: '/v1/connect-sessions', method: 'POST', status: '201' })).toBe(1);
    expect(sample(text, requests, { route: '/oauth/callback', method: 'GET', status: '200' })).toBe(1);
    expect(sample(text, requests, { route: '/v1/connections/:id/refresh', method: 'POST', status: '200' })).toBe(1);
    expect(sample(text, requests, { route: '/v1/connections/:id/proxy{/*path}', method: 'GET', status: '200' })).toBe(
      1,
    );
    expect(sample(text, 'plugboard_proxy_request_duration_seconds_count', { provider: 'acme', status: '200' })).toBe(1);
    expect(sample(text, 'plugboard_token_refreshes_total', { provider: 'acme', outcome: 'refreshed' })).toBe(1);
    expect(sample(text, 'plugboard_connections', { provider: 'acme', status: 'active' })).toBe(1);
    expect(sample(text, 'plugboard_outbox_backlog', {})).toBe(0);
    expect(text).toContain('nodejs_heap_size_used_bytes');

    for (const secret of [
      connectionId,
      workspaceId,
      key,
      proxying,
      adminKey,
      metricsToken,
      encryptionKey,
      ...fake.issued.flatMap((pair) => [pair.accessToken, pair.refreshToken]),
    ]) {
      expect(text).not.toContain(secret);
    }
    // Paths never become labels: every route label is a template.
    for (const [, route] of text.matchAll(/route="([^"]*)"/g)) expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});
