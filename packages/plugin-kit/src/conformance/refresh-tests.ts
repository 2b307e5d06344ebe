import { expect, it } from 'vitest';
import { requestParams } from '../fake/client-auth.js';
import type { Suite, SuiteEnvironment } from './suite.js';
import { expectClientAuth } from './wire-checks.js';

/** Forces a refresh over HTTP and answers what the fake received and issued meanwhile. */
export async function refreshOnce(env: SuiteEnvironment, connectionId: string) {
  const requestsBefore = env.fake.requests.length;
  const issuedBefore = env.fake.issued.length;
  const answer = await env.harness.api('POST', `/v1/connections/${connectionId}/refresh`);
  return { answer, requests: env.fake.requests.slice(requestsBefore), issued: env.fake.issued.slice(issuedBefore) };
}

/** The access token `GET /credentials` serves (a key with credentials:read). */
export async function servedAccessToken(env: SuiteEnvironment, connectionId: string): Promise<string> {
  const answer = await env.harness.api('GET', `/v1/connections/${connectionId}/credentials`);
  return env.harness.expectStatus(answer, 200).json.credentials.accessToken;
}

/** Test 5: refresh, the way the plugin declares it. */
export function refreshTests(suite: Suite, mode: 'standard' | 'custom' | 'none'): void {
  if (mode === 'standard') {
    it('refreshes (POST /refresh) with one refresh_token grant, serves the new token, and keeps a rotated one', async () => {
      const env = suite();
      const connected = await env.connect();
      const first = await refreshOnce(env, connected.connectionId);
      env.harness.expectStatus(first.answer, 200);
      expect(first.answer.json.connection).toMatchObject({ status: 'active', lastError: null });
      expect(
        first.requests.map((request) => requestParams(request).get('grant_type')),
        'auth.refresh (standard): one refresh_token grant at the token endpoint',
      ).toEqual(['refresh_token']);
      const grant = first.requests[0]!;
      expect(requestParams(grant).get('refresh_token')).toBe(connected.tokens.refreshToken);
      expectClientAuth(grant, env.setup.expect.clientAuth, env.fake, 'the refresh grant');
      expect(first.issued).toHaveLength(1);
      expect(await servedAccessToken(env, connected.connectionId)).toBe(first.issued[0]!.accessToken);
      // A second refresh must present what the first answer carried (a rotated token), or the old one.
      const second = await refreshOnce(env, connected.connectionId);
      env.harness.expectStatus(second.answer, 200);
      const presented = second.requests.map((request) => requestParams(request).get('refresh_token'));
      expect(presented, 'auth.refresh: the second refresh presents the rotated refresh token').toEqual([
        first.issued[0]!.refreshToken ?? connected.tokens.refreshToken,
      ]);
    });

    it('keeps the old refresh token when a refresh answer carries none (RFC 6749 section 6)', async () => {
      const env = suite();
      const connected = await env.connect();
      const previous = env.fake.setRefreshTokens('omit');
      try {
        const first = await refreshOnce(env, connected.connectionId);
        env.harness.expectStatus(first.answer, 200);
        expect(first.issued.map((entry) => entry.refreshToken)).toEqual([undefined]);
        const second = await refreshOnce(env, connected.connectionId);
        env.harness.expectStatus(second.answer, 200);
        const presented = second.requests.map((request) => requestParams(request).get('refresh_token'));
        expect(presented, 'auth.refresh: an answer without a refresh token keeps the old one').toEqual([
          connected.tokens.refreshToken,
        ]);
        expect(await servedAccessToken(env, connected.connectionId)).toBe(second.issued[0]!.accessToken);
      } finally {
        env.fake.setRefreshTokens(previous);
      }
    });
  }

  if (mode === 'custom') {
    it("refreshes (POST /refresh) through the plugin's own hook and serves the new token", async () => {
      const env = suite();
      const connected = await env.connect();
      const refreshed = await refreshOnce(env, connected.connectionId);
      env.harness.expectStatus(refreshed.answer, 200);
      expect(refreshed.answer.json.connection).toMatchObject({ status: 'active', lastError: null });
      const served = await servedAccessToken(env, connected.connectionId);
      expect(served, 'a new access token').not.toBe(connected.tokens.accessToken);
      if (refreshed.issued.length > 0) expect(served).toBe(refreshed.issued.at(-1)!.accessToken);
    });
  }

  if (mode === 'none') {
    it('does not refresh: POST /refresh answers an error or changes nothing, without a token request', async () => {
      const env = suite();
      const connected = await env.connect();
      const refreshed = await refreshOnce(env, connected.connectionId);
      expect(refreshed.requests, 'requests to the provider').toEqual([]);
      if (refreshed.answer.status === 200) {
        expect(await servedAccessToken(env, connected.connectionId)).toBe(connected.tokens.accessToken);
      } else {
        expect(refreshed.answer.json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      }
    });
  }
}
