import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPostgresDatabase, workspaceWithKey } from '@plugboard/testing';
import { type OidcServer, startOidcServer } from '@plugboard/testing/oidc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.js';
import { api, freePort, type HubProcess, startHubProcess, writeConfig } from './support/hub-process.js';

const postgres = await createPostgresDatabase();
const databases: Array<['sqlite' | 'postgres', (dir: string) => string]> = [
  ['sqlite', (dir) => `sqlite:${join(dir, 'shared.db')}`],
  ...(postgres ? [['postgres', () => postgres.url] as ['postgres', () => string]] : []),
];
afterAll(() => postgres?.drop());

// DESIGN.md rule 8.1 across processes: two `plugboard start` processes on one database, an expired token,
// 1,000 concurrent credential reads split between them, and oidc-provider rotating refresh tokens.
describe.each(databases)('two hub processes on one %s database', (_engine, databaseUrl) => {
  const dir = tempDir();
  let oidc: OidcServer;
  let a: HubProcess;
  let b: HubProcess;
  const adminKey = randomBytes(32).toString('base64url');
  // Both processes share one database, so they share its keys.
  const encryptionKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    oidc = await startOidcServer({ redirectUris: [`http://127.0.0.1:${portA}/oauth/callback`], accessTokenTtl: 1 });
    const rest = () => `database: ${databaseUrl(dir.root)}
encryptionKeys: ["${encryptionKey}"]
adminKey: "${adminKey}"
background: { refresh: false, webhooks: false }
egress: { allow: [127.0.0.0/8] }
providers:
  - use: "@plugboard/provider-oauth2"
    id: acme
    options:
      issuer: "${oidc.issuer}"
      clientId: "${oidc.clientId}"
      clientSecret: "${oidc.clientSecret}"
      apiBaseUrl: "${new URL(oidc.apiMeUrl).origin}"
      scopes: [openid, offline_access, profile, email]
`;
    a = await startHubProcess('start', writeConfigIn(join(dir.root, 'a'), portA, rest()), portA);
    b = await startHubProcess('start', writeConfigIn(join(dir.root, 'b'), portB, rest()), portB);
  }, 90_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await oidc?.close();
    dir.cleanup();
  });

  it('an expired token is refreshed exactly once, and the connection stays valid', async () => {
    const { key } = await workspaceWithKey(a.url, adminKey);
    const session = await api(a.url, 'POST', '/v1/connect-sessions', key, { provider: 'acme' });
    expect(session.status).toBe(201);
    const callback = await fetch(await oidc.approve(session.json.authorizationUrl), { redirect: 'manual' });
    expect(callback.status).toBe(200);
    const listed = await api(a.url, 'GET', '/v1/connections', key);
    const connectionId = listed.json.data[0].id as string;
    expect(listed.json.data[0].status).toBe('active');

    // The first access token lived one second: wait until it has really expired. Refreshed ones live an hour.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    oidc.setAccessTokenTtl(3600);
    const before = oidc.tokenRequests('refresh_token');
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        api(i % 2 ? a.url : b.url, 'GET', `/v1/connections/${connectionId}/credentials`, key),
      ),
    );
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(oidc.tokenRequests('refresh_token') - before).toBe(1);
    const tokens = new Set(answers.map((r) => r.json.credentials.accessToken as string));
    expect(tokens.size).toBe(1);

    // Still valid: the new token works at the provider, and the rotated refresh token was the one stored.
    const [token] = [...tokens];
    const me = await fetch(oidc.apiMeUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const forced = await api(b.url, 'POST', `/v1/connections/${connectionId}/refresh`, key);
    expect(forced.status).toBe(200);
    expect(forced.json.connection.status).toBe('active');
    expect(oidc.tokenRequests('refresh_token') - before).toBe(2);
  }, 60_000);
});

function writeConfigIn(folder: string, port: number, rest: string): string {
  mkdirSync(folder, { recursive: true });
  return writeConfig(folder, port, rest);
}
