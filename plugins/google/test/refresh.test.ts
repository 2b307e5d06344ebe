import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import google from '../src/index.js';
import { createFakeGoogle, fakeGoogleOptions } from './support/fake-google.js';

describe('Google token refresh', () => {
  let fake: FakeProvider;
  let hub: TestHub;

  beforeAll(async () => {
    fake = await createFakeGoogle();
    hub = await startTestHub([google['google-drive'](fakeGoogleOptions(fake, '/drive/v3'))]);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('keeps the refresh token when the refresh answer omits it, as Google does', async () => {
    const connection = await hub.connected('google-drive', fake);
    const before = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    if (before.type !== 'oauth2' || !before.refreshToken) throw new Error('expected a refresh token');

    await hub.hub.connections.refresh(hub.workspaceId, connection.id);

    const refresh = fake.requestsTo('/token').at(-1)!;
    expect(refresh.form?.get('grant_type')).toBe('refresh_token');
    expect(refresh.form?.get('refresh_token')).toBe(before.refreshToken);
    expect(refresh.form?.get('client_secret')).toBe(fake.clientSecret);
    expect(fake.issued.at(-1)?.grantType).toBe('refresh_token');
    expect(fake.issued.at(-1)?.refreshToken).toBeUndefined();

    const after = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    expect(after).toMatchObject({ type: 'oauth2', refreshToken: before.refreshToken });
    expect(after.type === 'oauth2' && after.accessToken).not.toBe(before.accessToken);
    expect(fake.isLive(after.type === 'oauth2' ? after.accessToken : '')).toBe(true);
    // The kept refresh token still works.
    await hub.hub.connections.refresh(hub.workspaceId, connection.id);
    expect((await hub.hub.connections.get(hub.workspaceId, connection.id)).status).toBe('active');
  });

  it('marks the connection reauth_required when Google answers invalid_grant (revoked or expired)', async () => {
    const connection = await hub.connected('google-drive', fake);
    fake.inject('token:refresh_token', {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    });
    await expect(hub.hub.connections.refresh(hub.workspaceId, connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect((await hub.hub.connections.get(hub.workspaceId, connection.id)).status).toBe('reauth_required');
  });
});
