import { expect, it } from 'vitest';
import { requestParams } from '../fake/client-auth.js';
import type { FakeRequest } from '../fake/types.js';
import type { Suite } from './suite.js';
import { expectClientAuth } from './wire-checks.js';

/** Test 7: deleting a connection revokes its grant at the provider, or contacts nobody when it cannot. */
export function revocationTests(suite: Suite, revocation: boolean): void {
  const title = revocation
    ? 'DELETE /v1/connections/:id revokes the grant at the revoke endpoint, then deletes'
    : 'DELETE /v1/connections/:id deletes without sending the tokens anywhere (no revocation)';
  it(title, async () => {
    const env = suite();
    const { connectionId, tokens } = await env.connect();
    const owned = [tokens.accessToken, tokens.refreshToken].filter((token) => token !== undefined);
    const carriesToken = (request: FakeRequest) =>
      owned.some((token) => request.body.includes(token) || requestParams(request).get('token') === token);
    const requestsBefore = env.fake.requests.length;
    const revokedBefore = env.fake.revoked.length;
    env.harness.expectStatus(await env.harness.api('DELETE', `/v1/connections/${connectionId}`), 204);
    env.harness.expectStatus(await env.harness.api('GET', `/v1/connections/${connectionId}`), 404);
    const sent = env.fake.requests.slice(requestsBefore).filter(carriesToken);
    if (revocation) {
      expect(
        env.fake.revoked.slice(revokedBefore),
        'auth.revocationUrl / auth.revoke: delete must revoke the grant at the revoke endpoint (RFC 7009)',
      ).toEqual([tokens.refreshToken ?? tokens.accessToken]);
      expect(env.fake.isLive(tokens.accessToken), 'the access token died with the grant').toBe(false);
      expect(sent, 'auth.revoke: one request carrying the tokens').toHaveLength(1);
      expectClientAuth(sent[0]!, env.setup.expect.clientAuth, env.fake, 'the revocation request');
    } else {
      expect(sent, 'requests carrying the tokens').toEqual([]);
      expect(env.fake.revoked.slice(revokedBefore), 'expect.revocation is false, yet delete revoked').toEqual([]);
    }
  });
}
