import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import github from '../src/index.js';
import { createFakeGitHub, fakeGitHubOptions, OCTOCAT } from './support/fake-github.js';

describe('GitHub account', () => {
  let fake: FakeProvider;
  let hub: TestHub;

  beforeAll(async () => {
    fake = await createFakeGitHub('oauth-app');
    hub = await startTestHub([github(fakeGitHubOptions(fake))]);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it("names the connection from GET /user: GitHub's numeric id as a string, the login in the metadata", async () => {
    const connection = await hub.connected('github', fake);
    expect(connection).toMatchObject({
      accountId: '583231',
      accountName: OCTOCAT.name,
      metadata: { login: 'octocat' },
    });
    const credentials = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    const me = fake.requestsTo('/user').at(-1)!;
    expect(me.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      authorization: `Bearer ${credentials.type === 'oauth2' ? credentials.accessToken : ''}`,
    });
  });

  it('falls back to the login for a user without a display name', async () => {
    fake.inject('GET /user', { body: { ...OCTOCAT, name: null } });
    const connection = await hub.connected('github', fake);
    expect(connection).toMatchObject({ accountId: '583231', accountName: 'octocat' });
  });

  it('refuses a /user answer without a numeric id', async () => {
    fake.inject('GET /user', { body: { ...OCTOCAT, id: 'not-a-number' } });
    const { result } = await hub.connect('github', fake);
    expect(result).toMatchObject({ ok: false, error: { code: 'provider_error' } });
  });

  it('reconnecting the same user updates the one connection', async () => {
    const first = await hub.connected('github', fake);
    const second = await hub.connected('github', fake);
    expect(second.id).toBe(first.id);
  });
});
