import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startTestHub, type TestHub } from '../src/index.js';
import { acmeOptions, startAcmeFake } from './support/acme-fake.js';
import acme from './support/acme-plugin.js';

describe('startTestHub', () => {
  let fake: FakeProvider;
  let t: TestHub;
  let builtWith: string | undefined;
  beforeAll(async () => {
    fake = await startAcmeFake();
    t = await startTestHub((publicUrl) => {
      builtWith = publicUrl;
      return acme(acmeOptions(fake), { publicUrl });
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('builds the providers with the publicUrl the API listens on', async () => {
    expect(builtWith).toBe(t.publicUrl);
    expect(t.providers.map((provider) => provider.id)).toEqual(['acme']);
    expect((await fetch(`${t.publicUrl}/healthz`)).status).toBe(200);
  });

  it('connects through the engine, and serves the connection over HTTP to the workspace key only', async () => {
    const connection = await t.connected('acme', fake);
    expect(connection).toMatchObject({ provider: 'acme', accountId: 'acme-user-7' });
    const answer = t.expectStatus(await t.api('GET', `/v1/connections/${connection.id}`), 200);
    expect(answer.json.connection.id).toBe(connection.id);
    expect((await t.call('GET', `/v1/connections/${connection.id}`)).status).toBe(401);
    // The default key cannot read raw tokens.
    expect((await t.api('GET', `/v1/connections/${connection.id}/credentials`)).status).toBe(403);
    expect(t.answers.at(-1)).toMatchObject({ status: 403, carriesCredentials: true });
  });

  it('records what the engine sent to the provider, and keeps the log lines', async () => {
    const before = t.outbound.length;
    await t.connected('acme', fake);
    const sent = t.outbound.slice(before);
    expect(sent.map((request) => request.url.origin)).toEqual(sent.map(() => fake.origin));
    expect(sent.some((request) => request.url.pathname === '/oauth/token' && request.body.includes('code='))).toBe(
      true,
    );
    expect(t.logs.length).toBeGreaterThan(0);
  });

  it('answers a failed callback from connect, and throws it from connected', async () => {
    const denied = await t.connect('acme', (url) => fake.deny(url));
    expect(new URL(denied.authorizationUrl).origin).toBe(fake.origin);
    expect(denied.result.ok).toBe(false);
    await expect(t.connected('acme', (url) => fake.deny(url))).rejects.toThrow(/callback failed: /);
  });
});
