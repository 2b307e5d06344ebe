import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterEach, describe, expect, it } from 'vitest';
import github from '../src/index.js';
import { createFakeGitHub, fakeGitHubOptions, type GitHubTokenKind } from './support/fake-github.js';

describe('GitHub user access tokens, expiring or not', () => {
  let fake: FakeProvider | undefined;
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.close();
    await fake?.close();
  });

  const connect = async (kind: GitHubTokenKind) => {
    fake = await createFakeGitHub(kind);
    hub = await startTestHub([github(fakeGitHubOptions(fake), { id: 'github' })]);
    const connection = await hub.connected('github', fake);
    return { fake, hub, connection };
  };

  it("never refreshes an OAuth app's token: it has no expiry and no refresh token", async () => {
    const { fake, hub, connection } = await connect('oauth-app');
    expect(connection.tokenExpiresAt).toBeNull();
    const before = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    if (before.type !== 'oauth2') throw new Error('expected OAuth2 credentials');
    expect(before.refreshToken).toBeUndefined();
    expect(before.expiresAt).toBeUndefined();

    await hub.hub.connections.refresh(hub.workspaceId, connection.id);

    expect(fake.requestsTo('/login/oauth/access_token').map((request) => request.form?.get('grant_type'))).toEqual([
      'authorization_code',
    ]);
    expect(await hub.hub.connections.credentials(hub.workspaceId, connection.id)).toEqual(before);
    expect(await hub.hub.connections.get(hub.workspaceId, connection.id)).toMatchObject({ status: 'active' });
  });

  it("reads an OAuth app's comma-separated granted scopes", async () => {
    const { connection } = await connect('oauth-app');
    expect(connection.scopes).toEqual(['read:user']);
  });

  it("refreshes a GitHub App's 8-hour token with the standard grant, storing the rotated refresh token", async () => {
    const { fake, hub, connection } = await connect('github-app');
    expect(Date.parse(connection.tokenExpiresAt!) - Date.now()).toBeGreaterThan(28_700_000);
    // A GitHub App's permissions are the app's: GitHub grants no scopes.
    expect(connection.scopes).toEqual([]);
    const before = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    if (before.type !== 'oauth2' || !before.refreshToken) throw new Error('expected a refresh token');

    await hub.hub.connections.refresh(hub.workspaceId, connection.id);

    const refresh = fake.requestsTo('/login/oauth/access_token').at(-1)!;
    expect(refresh.form?.get('grant_type')).toBe('refresh_token');
    expect(refresh.form?.get('refresh_token')).toBe(before.refreshToken);
    expect(refresh.form?.get('client_secret')).toBe(fake.clientSecret);
    expect(refresh.headers.accept).toContain('application/json');
    const after = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    expect(after).toMatchObject({ type: 'oauth2', refreshToken: fake.issued.at(-1)?.refreshToken });
    expect(after.type === 'oauth2' && after.refreshToken).not.toBe(before.refreshToken);
    // The rotated token is the one that works next time.
    await hub.hub.connections.refresh(hub.workspaceId, connection.id);
    expect(await hub.hub.connections.get(hub.workspaceId, connection.id)).toMatchObject({ status: 'active' });
  });
});
