import { expect, it } from 'vitest';
import { refreshOnce, servedAccessToken } from './refresh-tests.js';
import type { Suite, SuiteEnvironment } from './suite.js';

const INVALID_GRANT = { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been revoked.' } };
const SERVER_ERROR = { status: 500, body: { error: 'server_error' } };

// The inject endpoint a refresh goes through.
function refreshEndpoint(env: SuiteEnvironment): string {
  const { expect: expected } = env.setup;
  return expected.refreshEndpoint ?? (expected.refresh === 'custom' ? 'token' : 'token:refresh_token');
}

/** Test 6: how refresh failures are classified (providers that refresh only). */
export function errorTests(suite: Suite, mode: 'standard' | 'custom' | 'none'): void {
  it.skipIf(mode === 'none')(
    'a dead grant (invalid_grant) on refresh makes the connection reauth_required (409)',
    async () => {
      const env = suite();
      const connected = await env.connect();
      env.fake.inject(refreshEndpoint(env), env.setup.expect.errors?.invalidGrant ?? INVALID_GRANT);
      const refreshed = await refreshOnce(env, connected.connectionId);
      expect(
        `${refreshed.answer.status} ${refreshed.answer.json?.error}`,
        `auth.classifyError / parseTokenResponse: a dead grant at ${refreshEndpoint(env)} must make POST /refresh answer 409 reauth_required: ${refreshed.answer.text.slice(0, 300)}`,
      ).toBe('409 reauth_required');
      const after = env.harness.expectStatus(
        await env.harness.api('GET', `/v1/connections/${connected.connectionId}`),
        200,
      );
      expect(after.json.connection.status, 'a dead grant must mark the connection reauth_required').toBe(
        'reauth_required',
      );
    },
  );

  it.skipIf(mode === 'none')(
    'a provider outage (500) on refresh leaves the connection active, with lastError set',
    async () => {
      const env = suite();
      const connected = await env.connect();
      env.fake.inject(refreshEndpoint(env), env.setup.expect.errors?.serverError ?? SERVER_ERROR);
      const refreshed = await refreshOnce(env, connected.connectionId);
      // 200 while the current token is still good, 502 when it is not.
      expect(
        [200, 502],
        `auth.classifyError: an outage at ${refreshEndpoint(env)} is retryable, not a lost grant (POST /refresh answered ${refreshed.answer.status}: ${refreshed.answer.text.slice(0, 300)})`,
      ).toContain(refreshed.answer.status);
      const after = env.harness.expectStatus(
        await env.harness.api('GET', `/v1/connections/${connected.connectionId}`),
        200,
      );
      expect(after.json.connection.status, 'auth.classifyError: an outage must leave the connection active').toBe(
        'active',
      );
      expect(after.json.connection.lastError).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(await servedAccessToken(env, connected.connectionId)).toBe(connected.tokens.accessToken);
    },
  );
}
