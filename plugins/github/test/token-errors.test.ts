import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import github from '../src/index.js';
import { createFakeGitHub, fakeGitHubOptions, githubTokenError } from './support/fake-github.js';

// GitHub's token endpoint answers its errors with HTTP 200: only the body tells success from failure.
describe('GitHub token endpoint errors (HTTP 200 with an error body)', () => {
  let fake: FakeProvider;
  let hub: TestHub;

  beforeAll(async () => {
    fake = await createFakeGitHub('github-app');
    hub = await startTestHub([github(fakeGitHubOptions(fake))]);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('fails the connect on bad_verification_code, and saves no connection', async () => {
    fake.inject(
      'token:authorization_code',
      githubTokenError('bad_verification_code', 'The code passed is incorrect or expired.'),
    );
    const { result } = await hub.connect('github', fake);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'provider_error', message: expect.stringContaining('bad_verification_code') },
    });
    expect((await hub.hub.connections.list(hub.workspaceId, { provider: 'github' })).data).toEqual([]);
    expect(fake.requestsTo('/user')).toHaveLength(0);
  });

  it('fails the connect on incorrect_client_credentials', async () => {
    fake.inject(
      'token:authorization_code',
      githubTokenError('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.'),
    );
    const { result } = await hub.connect('github', fake);
    expect(result).toMatchObject({ ok: false, error: { code: 'provider_error' } });
  });

  it('marks the connection reauth_required on bad_refresh_token', async () => {
    const connection = await hub.connected('github', fake);
    fake.inject(
      'token:refresh_token',
      githubTokenError('bad_refresh_token', 'The refresh token passed is incorrect or expired.'),
    );
    await expect(hub.hub.connections.refresh(hub.workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect(await hub.hub.connections.get(hub.workspaceId, connection.id)).toMatchObject({ status: 'reauth_required' });
  });

  it('keeps the connection and its token when the token endpoint has a transient failure', async () => {
    const connection = await hub.connected('github', fake);
    const before = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    fake.inject('token:refresh_token', { status: 502, body: '<html>Bad gateway</html>' });
    // The token has hours left: the refresh failure is recorded, and the connection stays usable.
    expect(await hub.hub.connections.refresh(hub.workspaceId, connection.id)).toMatchObject({
      status: 'active',
      lastError: { code: 'provider_error' },
    });
    expect(await hub.hub.connections.credentials(hub.workspaceId, connection.id)).toEqual(before);
  });
});
