import { expect, it } from 'vitest';
import type { Suite } from './suite.js';

/** Tests 3 and 4: the connection the account step made, and how its API requests were signed. */
export function accountTests(suite: Suite): void {
  it('makes the expected connection (GET /v1/connections/:id): account id, name and metadata valid by metadataSchema', async () => {
    const { harness, provider, setup } = suite();
    const { connectionId } = await suite().firstConnection();
    const answer = harness.expectStatus(await harness.api('GET', `/v1/connections/${connectionId}`), 200);
    const connection = answer.json.connection;
    expect(connection).toMatchObject({
      id: connectionId,
      provider: provider.id,
      status: 'active',
      credentialType: 'oauth2',
    });
    expect(connection.accountId, 'account / mapTokenResponse: the account id').toBe(setup.expect.account.id);
    if (setup.expect.account.name !== undefined) {
      expect(connection.accountName, 'account: the account name').toBe(setup.expect.account.name);
    }
    if (setup.expect.account.metadata !== undefined) {
      expect(connection.metadata, 'account: the metadata').toEqual(setup.expect.account.metadata);
    }
    if (provider.metadataSchema) {
      const parsed = provider.metadataSchema.safeParse(connection.metadata);
      expect(parsed.error?.issues ?? [], 'the metadata passes the plugin metadataSchema').toEqual([]);
    }
  });

  it('signs the API requests of the account step with the access token', async (context) => {
    const { setup } = suite();
    const { accountRequests, tokens } = await suite().firstConnection();
    if (accountRequests.length === 0) {
      expect(
        setup.expect.signedRequest,
        'signedRequest is set, but the account step made no API request',
      ).toBeUndefined();
      context.skip('the account step made no API request (the account comes from the token response)');
    }
    for (const request of accountRequests) {
      if (setup.expect.signedRequest) setup.expect.signedRequest(request, tokens.accessToken);
      else
        expect(
          request.headers.authorization,
          `api.authorize (signing): ${request.method} ${request.path} must carry Authorization: Bearer <access token> (or set expect.signedRequest)`,
        ).toBe(`Bearer ${tokens.accessToken}`);
    }
  });
}
