import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import google from '../src/index.js';
import { ADA, createFakeGoogle, fakeGoogleOptions, MAILBOX } from './support/fake-google.js';

// Google's consent screen lets the user untick the product scopes; the token response's `scope` says what is left.
describe('Google granting fewer scopes than asked', () => {
  let fake: FakeProvider;
  let hub: TestHub;
  const untick = { current: false };

  beforeAll(async () => {
    fake = await createFakeGoogle({
      grantedScopes: (requested) =>
        untick.current ? requested.filter((scope) => !scope.startsWith('https://www.googleapis.com/auth/')) : requested,
    });
    hub = await startTestHub([
      google.gmail(fakeGoogleOptions(fake, '/gmail/v1')),
      google['google-analytics'](fakeGoogleOptions(fake, '/v1beta')),
    ]);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('records the granted scopes, and a Gmail connection reads its mailbox address when Gmail was granted', async () => {
    untick.current = false;
    const connection = await hub.connected('gmail', fake);
    expect(connection.scopes.toSorted()).toEqual(
      ['email', 'https://www.googleapis.com/auth/gmail.readonly', 'openid', 'profile'].toSorted(),
    );
    expect(connection.metadata).toEqual({ email: ADA.email, emailAddress: MAILBOX });
  });

  it('keeps a Gmail connection whose user unticked Gmail, without asking Gmail for the profile', async () => {
    untick.current = true;
    const profileCalls = fake.requestsTo('/gmail/v1/users/me/profile').length;
    const connection = await hub.connected('gmail', fake);
    expect(connection.scopes.toSorted()).toEqual(['email', 'openid', 'profile']);
    expect(connection.metadata).toEqual({ email: ADA.email });
    expect(fake.requestsTo('/gmail/v1/users/me/profile')).toHaveLength(profileCalls);
  });

  it('connects a user who unticked Analytics without a property list, and refuses the Analytics actions, without calling the Admin API', async () => {
    untick.current = true;
    const calls = fake.requestsTo('/v1beta/accountSummaries').length;
    const connection = await hub.connected('google-analytics', fake);
    // Nor at connect: the metadata has no property list.
    expect(connection.metadata).toEqual({ email: ADA.email });
    await expect(
      hub.hub.connections.runAction(hub.workspaceId, connection.id, 'list-properties', {}),
    ).rejects.toMatchObject({ code: 'reauth_required' });
    expect(fake.requestsTo('/v1beta/accountSummaries')).toHaveLength(calls);
  });
});
