import type { FakeProvider } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IG_ACCOUNT } from './support/meta-fakes.js';
import { type MetaHub, startMetaHub } from './support/meta-hub.js';

describe('Meta through the hub HTTP API', () => {
  let mh: MetaHub;
  beforeAll(async () => {
    mh = await startMetaHub();
  });
  afterAll(() => mh?.close());

  /** Plays a whole connect flow over HTTP; answers the new connection's id. */
  const connectOverHttp = async (provider: string, fake: FakeProvider) => {
    const session = await mh.api.call('POST', '/v1/connect-sessions', {
      key: mh.api.key,
      body: { provider, returnTo: 'https://app.example.com/done' },
    });
    expect(session.status).toBe(201);
    const callback = await fake.approve(session.json.authorizationUrl);
    const redirect = await mh.api.call('GET', `/oauth/callback?${new URLSearchParams(callback)}`);
    expect(redirect.status).toBe(302);
    return new URL(redirect.headers.get('location')!).searchParams.get('connection_id')!;
  };

  it('connects Instagram and Facebook pages; no app secret, user token or page token in any answer or log', async () => {
    const { key } = mh.api;
    const igId = await connectOverHttp('instagram', mh.instagram.fake);
    const ig = await mh.api.call('GET', `/v1/connections/${igId}`, { key });
    expect(ig.json.connection).toMatchObject({
      provider: 'instagram',
      accountName: IG_ACCOUNT.username,
      metadata: { igUserId: IG_ACCOUNT.user_id, username: IG_ACCOUNT.username },
    });
    expect((await mh.api.call('POST', `/v1/connections/${igId}/refresh`, { key })).status).toBe(200);
    expect((await mh.api.call('POST', `/v1/connections/${igId}/refresh`, { key })).status).toBe(200);
    expect((await mh.api.call('GET', `/v1/connections/${igId}/proxy/me?fields=user_id,username`, { key })).status).toBe(
      200,
    );

    const fbId = await connectOverHttp('facebook-pages', mh.facebook.fake);
    const listed = await mh.api.call('POST', `/v1/connections/${fbId}/actions/list-pages`, {
      key,
      body: { input: {} },
    });
    expect(listed.json).toEqual({ output: mh.facebook.pages.map(({ id, name }) => ({ id, name })) });
    const pageId = mh.facebook.pages[0]!.id;
    await mh.api.call('POST', `/v1/connections/${fbId}/actions/select-page`, { key, body: { input: { pageId } } });
    const fb = await mh.api.call('GET', `/v1/connections/${fbId}`, { key });
    expect(fb.json.connection.metadata).toEqual({
      pages: mh.facebook.pages.map(({ id, name }) => ({ id, name })),
      pagesTruncated: false,
      pageId,
      pageName: mh.facebook.pages[0]!.name,
    });
    expect((await mh.api.call('POST', `/v1/connections/${fbId}/refresh`, { key })).status).toBe(200);
    expect((await mh.api.call('GET', `/v1/connections/${fbId}/proxy/me/accounts`, { key })).status).toBe(200);
    await mh.api.call('GET', '/v1/connections', { key });
    await mh.api.call('POST', `/v1/connections/${fbId}/actions/select-page`, { key, body: { input: { pageId: 'x' } } });
    for (const id of [igId, fbId])
      expect((await mh.api.call('DELETE', `/v1/connections/${id}`, { key })).status).toBe(204);

    const issued = [mh.facebook.fake, mh.instagram.fake].flatMap((fake) => fake.issued.map((t) => t.accessToken));
    const pageTokens = mh.facebook.pages.map((page) => page.access_token);
    const canaries = [mh.facebook.appSecret, mh.instagram.appSecret, ...issued, ...pageTokens];
    expect(issued.length).toBeGreaterThanOrEqual(5);
    // The page tokens really reached the hub, and the app secrets really left it: the sweep is not vacuous.
    const accounts = mh.facebook.fake.requests.filter((r) => r.path.endsWith('/me/accounts'));
    expect(accounts.some((r) => r.query.get('fields')?.includes('access_token'))).toBe(true);
    expect(mh.api.outbound.some((r) => `${r.url.href}${r.body}`.includes(mh.facebook.appSecret))).toBe(true);
    expect(mh.api.logs.length).toBeGreaterThan(0);
    for (const canary of canaries) {
      for (const answer of mh.api.answers) expect(answer.text).not.toContain(canary);
      for (const line of mh.api.logs) expect(line).not.toContain(canary);
    }
  });
});
