import { basicCredentials, type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterEach, describe, expect, it } from 'vitest';
import github from '../src/index.js';
import { createFakeGitHub, fakeGitHubOptions, type GitHubTokenKind, GRANT_PATH } from './support/fake-github.js';

// GitHub has no RFC 7009 endpoint: deleting a connection deletes the grant with DELETE /applications/{id}/grant.
describe('GitHub revocation (DELETE /applications/{client_id}/grant)', () => {
  let fake: FakeProvider | undefined;
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.close();
    await fake?.close();
  });

  const connect = async (kind: GitHubTokenKind) => {
    fake = await createFakeGitHub(kind);
    hub = await startTestHub([github(fakeGitHubOptions(fake))]);
    const connection = await hub.connected('github', fake);
    const credentials = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected OAuth2 credentials');
    return { fake, hub, connection, credentials };
  };

  it.each(['github-app', 'oauth-app'] as const)(
    'DELETE /v1/connections/:id deletes the grant with Basic client auth and the access token (%s)',
    async (kind) => {
      const { fake, hub, connection, credentials } = await connect(kind);
      const before = fake.requests.length;

      hub.expectStatus(await hub.api('DELETE', `/v1/connections/${connection.id}`), 204);
      hub.expectStatus(await hub.api('GET', `/v1/connections/${connection.id}`), 404);

      const sent = fake.requests.slice(before);
      expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE ${GRANT_PATH}`]);
      const [request] = sent;
      expect(basicCredentials(request!.headers.authorization)).toEqual({
        id: fake.clientId,
        secret: fake.clientSecret,
      });
      expect(request!.json).toEqual({ access_token: credentials.accessToken });
      expect(request!.headers).toMatchObject({
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'content-type': 'application/json',
      });
      // The refresh token (GitHub App) is never sent: the access token names the grant.
      if (credentials.refreshToken) expect(request!.body).not.toContain(credentials.refreshToken);
      expect(fake.revoked).toEqual([credentials.accessToken]);
      expect(hub.logs.join('\n')).not.toContain('revocation failed');
    },
  );

  it('still deletes the connection when GitHub refuses the revocation, and logs why', async () => {
    const { fake, hub, connection, credentials } = await connect('oauth-app');
    fake.inject(`DELETE ${GRANT_PATH}`, {
      status: 422,
      body: { message: 'Validation Failed', documentation_url: 'https://docs.github.com/rest' },
    });

    hub.expectStatus(await hub.api('DELETE', `/v1/connections/${connection.id}`), 204);
    hub.expectStatus(await hub.api('GET', `/v1/connections/${connection.id}`), 404);

    expect(fake.requestsTo(GRANT_PATH)).toHaveLength(1);
    expect(fake.revoked).toEqual([]);
    const failure = hub.logs.find((line) => line.includes('revocation failed'));
    expect(failure).toContain('Could not revoke the GitHub grant: GitHub answered 422.');
    expect(hub.logs.join('\n')).not.toContain(credentials.accessToken);
  });
});
