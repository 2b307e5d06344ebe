import { randomBytes } from 'node:crypto';
import { expect, it, type TestContext } from 'vitest';
import { requestParams } from '../fake/client-auth.js';
import type { FakeRequest } from '../fake/types.js';
import type { Answer } from '../harness/http-client.js';
import { refreshOnce, servedAccessToken } from './refresh-tests.js';
import type { Suite, SuiteEnvironment } from './suite.js';
import { oauth2Of } from './wire-checks.js';

/** OAuth2 tokens as a migration brings them to `POST /v1/connections`. */
interface ImportedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
}

// The path a proxied call through an imported connection asks for: any path will do, the fake records it.
const PROXY_PROBE = 'plugboard-conformance/imported';

let owners = 0;

/**
 * Tokens the provider issued, taken from elsewhere: a connection made through the whole flow (for an owner of
 * its own, so the import below is a new connection), its access token as `GET /credentials` serves it (what a
 * connection holds after `afterExchange`), and the refresh token the code exchange issued.
 */
async function tokensFromElsewhere(env: SuiteEnvironment): Promise<ImportedTokens> {
  const connected = await env.connect();
  const served = await env.harness.api('GET', `/v1/connections/${connected.connectionId}/credentials`);
  const { accessToken, expiresAt } = env.harness.expectStatus(served, 200).json.credentials;
  return {
    accessToken,
    ...(connected.tokens.refreshToken ? { refreshToken: connected.tokens.refreshToken } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** `POST /v1/connections` with imported tokens, for a new owner, with the callback parameters a connect brings. */
async function importTokens(env: SuiteEnvironment, tokens: Partial<ImportedTokens>) {
  const ownerId = `conformance-import-${++owners}`;
  const { callbackExtra } = env.setup.expect;
  const requestsBefore = env.fake.requests.length;
  const answer = await env.harness.api('POST', '/v1/connections', {
    provider: env.provider.id,
    ownerId,
    credentials: { type: 'oauth2', ...tokens },
    ...(callbackExtra ? { params: callbackExtra } : {}),
  });
  return { answer, ownerId, requests: env.fake.requests.slice(requestsBefore) };
}

/** How many connections an owner has (none, after a refused import). */
async function connectionsOf(env: SuiteEnvironment, ownerId: string): Promise<number> {
  const listed = await env.harness.api('GET', `/v1/connections?ownerId=${encodeURIComponent(ownerId)}`);
  return env.harness.expectStatus(listed, 200).json.data.length;
}

/** An import that must have made a connection, or a failure saying which hook to look at. */
function imported(answer: Answer): string {
  expect(
    answer.status,
    `account: imported tokens (POST /v1/connections) must make a connection (201) with the tokens alone: no token response, ID token or callback; read the account with the token (userinfo, the API), or declare auth.importUnsupported with the reason: ${answer.text.slice(0, 300)}`,
  ).toBe(201);
  return answer.json.connection.id as string;
}

/** Asserts a request reached the fake signed with `accessToken`, as `expect.signedRequest` (or Bearer) says. */
function expectSigned(env: SuiteEnvironment, request: FakeRequest, accessToken: string, what: string): void {
  const { signedRequest } = env.setup.expect;
  if (signedRequest) signedRequest(request, accessToken);
  else
    expect(
      request.headers.authorization,
      `api.authorize (signing): ${what} ${request.method} ${request.path} must carry Authorization: Bearer <imported token> (or set expect.signedRequest)`,
    ).toBe(`Bearer ${accessToken}`);
}

/** Skips an import test of a plugin that declares it cannot import (the first test proves the declaration). */
function skipWhenUnsupported(env: SuiteEnvironment, context: TestContext): void {
  const reason = oauth2Of(env.provider).importUnsupported;
  if (reason !== undefined) context.skip(`auth.importUnsupported: ${reason}`);
}

/** Test 9: tokens from elsewhere make the same connection as the flow, sign, refresh, and are refused cleanly. */
export function importTests(suite: Suite): void {
  it('a plugin declaring auth.importUnsupported refuses imports: 400 with the reason, no provider call, nothing stored', async (context) => {
    const env = suite();
    const reason = oauth2Of(env.provider).importUnsupported;
    if (reason === undefined) context.skip('the plugin imports tokens (no auth.importUnsupported)');
    expect(reason!.trim(), 'auth.importUnsupported: say why tokens cannot be imported').not.toBe('');
    const { answer, ownerId, requests } = await importTokens(env, await tokensFromElsewhere(env));
    expect(
      `${answer.status} ${answer.json?.error}`,
      `auth.importUnsupported: an import must be refused as bad input: ${answer.text.slice(0, 300)}`,
    ).toBe('400 validation_error');
    expect(answer.json.message, 'the refusal gives the declared reason').toContain(reason);
    expect(requests, 'auth.importUnsupported: a refused import calls the provider not at all').toEqual([]);
    expect(await connectionsOf(env, ownerId), 'a refused import stores nothing').toBe(0);
  });

  it('imports tokens (POST /v1/connections): 201, the account of the connect flow, signed account requests', async (context) => {
    const env = suite();
    skipWhenUnsupported(env, context);
    const tokens = await tokensFromElsewhere(env);
    const { answer, requests } = await importTokens(env, tokens);
    const connectionId = imported(answer);
    const { connection } = answer.json;
    const { account } = env.setup.expect;
    expect(connection).toMatchObject({ id: connectionId, provider: env.provider.id, status: 'active' });
    expect(connection.credentialType).toBe('oauth2');
    expect(connection.accountId, 'account (imported tokens): the account id of the connect flow').toBe(account.id);
    if (account.name !== undefined) {
      expect(connection.accountName, 'account (imported tokens): the account name').toBe(account.name);
    }
    if (account.metadata !== undefined) {
      expect(connection.metadata, 'account (imported tokens): the metadata').toEqual(account.metadata);
    }
    for (const request of requests) expectSigned(env, request, tokens.accessToken, 'the account step of an import:');
  });

  it('an imported connection serves the imported token and signs proxied requests with it', async (context) => {
    const env = suite();
    skipWhenUnsupported(env, context);
    const tokens = await tokensFromElsewhere(env);
    const connectionId = imported((await importTokens(env, tokens)).answer);
    expect(await servedAccessToken(env, connectionId), 'GET /credentials serves the imported token').toBe(
      tokens.accessToken,
    );
    const before = env.fake.requests.length;
    await env.harness.api('GET', `/v1/connections/${connectionId}/proxy/${PROXY_PROBE}`);
    const proxied = env.fake.requests.slice(before).filter((request) => request.path.endsWith(`/${PROXY_PROBE}`));
    expect(proxied.length, `the proxy: GET ${PROXY_PROBE} through the imported connection reaches the provider`).toBe(
      1,
    );
    expectSigned(env, proxied[0]!, tokens.accessToken, 'a proxied call through an imported connection:');
  });

  it('refreshes an imported connection (POST /refresh), from the imported refresh token', async (context) => {
    const env = suite();
    skipWhenUnsupported(env, context);
    const mode = env.setup.expect.refresh;
    if (mode === 'none') context.skip('expect.refresh is none: the plugin does not refresh');
    const tokens = await tokensFromElsewhere(env);
    // Without a refresh token, what a custom refresh does with an imported access token is the plugin's own
    // business (Instagram exchanges a short-lived token only when the code exchange marked it so).
    if (!tokens.refreshToken) context.skip('the code exchange issued no refresh token to import');
    const connectionId = imported((await importTokens(env, tokens)).answer);
    const refreshed = await refreshOnce(env, connectionId);
    expect(
      refreshed.answer.status,
      `auth.refresh: an imported connection refreshes (POST /refresh): ${refreshed.answer.text.slice(0, 300)}`,
    ).toBe(200);
    const served = await servedAccessToken(env, connectionId);
    expect(served, 'a new access token after the refresh').not.toBe(tokens.accessToken);
    if (refreshed.issued.length > 0) expect(served).toBe(refreshed.issued.at(-1)!.accessToken);
    if (mode === 'standard') {
      const presented = refreshed.requests.map((request) => requestParams(request).get('refresh_token'));
      expect(presented, 'auth.refresh: one refresh_token grant with the imported refresh token').toEqual([
        tokens.refreshToken,
      ]);
    }
  });

  it('refuses a token the provider refuses: 400 validation_error, and nothing stored', async (context) => {
    const env = suite();
    skipWhenUnsupported(env, context);
    const refusedToken = `conformance-refused-${randomBytes(12).toString('base64url')}`;
    const { answer, ownerId } = await importTokens(env, { accessToken: refusedToken });
    expect(
      `${answer.status} ${answer.json?.error}`,
      `account / auth.classifyError: an access token the provider refuses must answer 400 validation_error: let readProviderJson's 401 through, or classify the provider's refusal as reauth_required (not a plain Error, which is a 502 outage): ${answer.text.slice(0, 300)}`,
    ).toBe('400 validation_error');
    expect(answer.json.details, 'the refusal names the refused field').toEqual([
      { path: 'credentials.accessToken', message: expect.any(String) },
    ]);
    expect(await connectionsOf(env, ownerId), 'a refused import stores nothing').toBe(0);
  });
}
