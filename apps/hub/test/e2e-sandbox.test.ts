import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { approveSandbox, workspaceWithKey } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.js';
import { api, freePort, type HubProcess, startHubProcess, writeConfig } from './support/hub-process.js';

// The README's start command runs `plugboard dev` with the repo's plugboard.yaml (the sandbox provider, SQLite,
// keys generated on first run). This runs the same CLI the same way, on a free port and a temp data folder.
describe('end to end: plugboard dev with the sandbox provider, over real HTTP', () => {
  const dir = tempDir();
  let hub: HubProcess;
  let adminKey: string;

  beforeAll(async () => {
    const port = await freePort();
    const rootConfig = readFileSync(new URL('../../../plugboard.yaml', import.meta.url), 'utf8');
    const providers = rootConfig.slice(rootConfig.indexOf('providers:'));
    const config = writeConfig(
      dir.root,
      port,
      `database: sqlite:./data/plugboard.db\nencryptionKeys: ["\${PLUGBOARD_ENCRYPTION_KEY}"]\nadminKey: \${PLUGBOARD_ADMIN_KEY}\n${providers}`,
    );
    // Unset, as on a fresh machine: dev mode generates both keys.
    hub = await startHubProcess('dev', config, port, {
      PLUGBOARD_ENCRYPTION_KEY: undefined,
      PLUGBOARD_ADMIN_KEY: undefined,
    });
    expect(hub.adminKey).toBeDefined();
    adminKey = hub.adminKey!;
  }, 60_000);
  afterAll(async () => {
    expect(await hub?.stop()).toBe(0);
    dir.cleanup();
  });

  it('says what runs and what to do next, and GET / points at the API description', async () => {
    const output = hub.output();
    expect(output).toMatch(/Plugboard \d+\.\d+\.\d+ \(dev\) serving http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain(`config     ${join(dir.root, 'plugboard.yaml')}`);
    expect(output).toContain(`database   sqlite:${join(dir.root, 'data', 'plugboard.db')}`);
    expect(output).toContain('providers  sandbox');
    expect(output).toContain(`curl -s -XPOST ${hub.url}/v1/workspaces`);

    const landing = await api(hub.url, 'GET', '/');
    expect(landing.status).toBe(200);
    expect(landing.json).toMatchObject({ name: 'Plugboard', openapi: `${hub.url}/openapi.json` });
    expect(landing.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await api(hub.url, 'GET', '/nowhere')).status).toBe(404);
    // The hub's server fits the documented URL lengths and answers longer ones with the error body.
    expect((await api(hub.url, 'GET', `/healthz?x=${'x'.repeat(20_000)}`)).status).toBe(200);
    const tooLong = await api(hub.url, 'GET', `/healthz?x=${'x'.repeat(40_000)}`);
    expect(tooLong.status).toBe(414);
    expect(tooLong.json).toMatchObject({ error: 'url_too_long' });
  });

  it('workspace, key, connect session, consent page, callback, the connection, and an import of its token', async () => {
    const { key } = await workspaceWithKey(hub.url, adminKey, ['https://app.example.com']);

    const session = await api(hub.url, 'POST', '/v1/connect-sessions', key, {
      provider: 'sandbox',
      ownerId: 'user-1',
      returnTo: 'https://app.example.com/connected',
    });
    expect(session.status).toBe(201);

    // The user opens the connect link, approves on the sandbox's consent page, and comes back through the
    // hub's callback, which redirects to returnTo with the connection id.
    expect(session.json.connectUrl.startsWith(`${hub.url}/connect/`)).toBe(true);
    const callback = await approveSandbox(session.json.connectUrl, 'Grace Hopper');
    expect(callback.status).toBe(302);
    const back = new URL(callback.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe('https://app.example.com/connected');
    const connectionId = back.searchParams.get('connection_id');
    expect(connectionId).toBeTruthy();

    const connection = await api(hub.url, 'GET', `/v1/connections/${connectionId}`, key);
    expect(connection.status).toBe(200);
    expect(connection.json.connection).toMatchObject({
      provider: 'sandbox',
      ownerId: 'user-1',
      accountName: 'Grace Hopper',
      status: 'active',
      credentialType: 'oauth2',
    });

    // The token works at the sandbox API, and the database file never holds it in plain text.
    const credentials = await api(hub.url, 'GET', `/v1/connections/${connectionId}/credentials`, key);
    const accessToken = credentials.json.credentials.accessToken as string;
    const me = await fetch(`${hub.url}/providers/sandbox/api/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(((await me.json()) as { name: string }).name).toBe('Grace Hopper');
    const dbFile = join(dir.root, 'data', 'plugboard.db');
    const bytes =
      readFileSync(dbFile).toString('latin1') + readFileSync(`${dbFile}-wal`, { flag: 'a+' }).toString('latin1');
    expect(bytes).toContain(connectionId!);
    expect(bytes).not.toContain(accessToken);
    expect(hub.output()).not.toContain(accessToken);

    // Importing the token (another owner, as a migration would): the same account, named with the token alone;
    // a token the sandbox refuses is a 400 naming it, and stores nothing.
    const importAs = (ownerId: string, token: string) =>
      api(hub.url, 'POST', '/v1/connections', key, {
        provider: 'sandbox',
        ownerId,
        credentials: { type: 'oauth2', accessToken: token },
      });
    const imported = await importAs('user-2', accessToken);
    expect(imported.status).toBe(201);
    expect(imported.json.connection).toMatchObject({
      ownerId: 'user-2',
      accountId: connection.json.connection.accountId,
      accountName: 'Grace Hopper',
      metadata: connection.json.connection.metadata,
    });
    const refused = await importAs('user-3', 'not-a-sandbox-token');
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: 'validation_error',
      details: [{ path: 'credentials.accessToken', message: 'refused by the provider' }],
    });
    expect((await api(hub.url, 'GET', '/v1/connections?ownerId=user-3', key)).json.data).toEqual([]);

    // Rule 7.8: deleting the connection revokes the grant at the sandbox first, so the token stops working.
    expect((await api(hub.url, 'DELETE', `/v1/connections/${connectionId}`, key)).status).toBe(204);
    const revoked = await fetch(`${hub.url}/providers/sandbox/api/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(revoked.status).toBe(401);
    expect((await api(hub.url, 'GET', `/v1/connections/${connectionId}`, key)).status).toBe(404);
  });

  it('the generated admin key is kept in the data folder, readable by its owner only', () => {
    const keysFile = join(dir.root, 'data', 'keys.json');
    expect(JSON.parse(readFileSync(keysFile, 'utf8')).adminKey).toBe(adminKey);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
  });
});
