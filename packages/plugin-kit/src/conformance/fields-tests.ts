import type { FieldsAuth } from '@plugboard/core';
import { expect, it } from 'vitest';
import type { FakeRequest, FakeResponse } from '../fake/types.js';
import type { Answer } from '../harness/http-client.js';
import { TEST_RETURN_ORIGIN } from '../harness/test-hub.js';
import { headerText } from './canary-tests.js';
import type { SuiteBase } from './suite.js';
import type { FieldsConformanceSetup } from './types.js';

type Env = SuiteBase<FieldsConformanceSetup>;

const REFUSED: FakeResponse = { status: 401, body: { error: 'invalid_api_key', message: 'Invalid API key.' } };
const OUTAGE: FakeResponse = { status: 503, body: { error: 'unavailable' } };
// The field names a connect form masks: their values are secrets the canary sweep looks for.
const SECRET_NAME = /key|secret|password|token/i;

const RETURN_TO = `${TEST_RETURN_ORIGIN}/connected`;

let owners = 0;

/** POST /v1/connections with typed-in credentials, for a new owner (one owner reconnecting would reuse a connection). */
function connectByApi(env: Env, credentials: Record<string, string>): Promise<Answer> {
  const { type } = env.provider.auth as FieldsAuth;
  return env.harness.api('POST', '/v1/connections', {
    provider: env.provider.id,
    ownerId: `conformance-fields-${++owners}`,
    credentials: { ...credentials, type },
  });
}

/** A connect session's hosted page path (`/connect/<id>`), for a new owner returning to the test workspace's app. */
async function connectPage(env: Env): Promise<string> {
  const body = { provider: env.provider.id, ownerId: `conformance-fields-${++owners}`, returnTo: RETURN_TO };
  const session = env.harness.expectStatus(await env.harness.api('POST', '/v1/connect-sessions', body), 201);
  return new URL(session.json.connectUrl as string).pathname;
}

/** Credentials the fake refuses: the expected ones with every value changed. */
function wrongCredentials(credentials: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(credentials).map(([name, value]) => [name, `wrong-${value}`]));
}

/** The connection id a form post sent the browser back with, or a failure naming the answer. */
function returnedConnection(answer: Answer, what: string): string {
  const location = answer.headers.get('location');
  const id = location ? new URL(location).searchParams.get('connection_id') : null;
  if (answer.status !== 302 || !id) {
    throw new Error(
      `${what}: expected a 302 back to returnTo with connection_id, got ${answer.status}: ${answer.text.slice(0, 300)}`,
    );
  }
  return id;
}

/** Asserts a request reached the fake signed as the plugin declares (or by the default for its auth type). */
function expectSigned(env: Env, request: FakeRequest): void {
  const { credentials, signedRequest } = env.setup.expect;
  const where = `${request.method} ${request.path}`;
  if (signedRequest) {
    try {
      signedRequest(request, credentials);
    } catch (error) {
      throw new Error(`api.authorize (signing): ${where} failed expect.signedRequest: ${(error as Error).message}`);
    }
    return;
  }
  const { type } = env.provider.auth as FieldsAuth;
  const expected =
    type === 'basic'
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : `Bearer ${credentials.apiKey}`;
  expect(
    request.headers.authorization,
    `api.authorize (signing): ${where} must carry the ${type} credentials as \`Authorization: ${expected.split(' ')[0]} ...\` (or set expect.signedRequest)`,
  ).toBe(expected);
}

/** The proxy path of a fake route below the provider's API base URL, or undefined when it is not below it. */
function proxyPath(env: Env, route: string): { method: string; path: string } | undefined {
  const baseUrl = env.provider.api?.baseUrl;
  if (typeof baseUrl !== 'string') return undefined;
  const [method = 'GET', routePath = '/'] = route.split(' ');
  const base = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return routePath.startsWith(`${base}/`) ? { method, path: routePath.slice(base.length + 1) } : undefined;
}

/** The conformance tests of a provider whose users type their credentials in (api_key, basic, raw). */
export function fieldsTests(suite: () => Env): void {
  it('verify accepts the credentials the provider accepts: POST /v1/connections makes the expected connection', async () => {
    const env = suite();
    const { expect: expected } = env.setup;
    const before = env.fake.requests.length;
    const answer = await connectByApi(env, expected.credentials);
    expect(
      answer.status,
      `auth.verify: good credentials must make a connection (201): ${answer.text.slice(0, 300)}`,
    ).toBe(201);
    const connection = answer.json.connection;
    expect(connection, 'the connection').toMatchObject({ status: 'active', credentialType: env.provider.auth.type });
    if (expected.verifyRoute) {
      const [method, path] = expected.verifyRoute.split(' ');
      const checked = env.fake.requests
        .slice(before)
        .filter((request) => request.method === method && request.path === path);
      expect(checked.length, `auth.verify: must check the credentials at ${expected.verifyRoute}`).toBeGreaterThan(0);
    }
    if (expected.account) {
      expect(connection.accountId, 'verify / account: the account id').toBe(expected.account.id);
      if (expected.account.name !== undefined) {
        expect(connection.accountName, 'verify / account: the account name').toBe(expected.account.name);
      }
      if (expected.account.metadata !== undefined) {
        expect(connection.metadata, 'verify / account: the metadata').toEqual(expected.account.metadata);
      }
    }
    const parsed = env.provider.metadataSchema?.safeParse(connection.metadata);
    expect(parsed?.error?.issues ?? [], 'metadataSchema: the metadata passes it').toEqual([]);
  });

  it('verify refuses credentials the provider refuses: a 400 the connect form shows, and no connection', async (context) => {
    const env = suite();
    const { verifyRoute, errors, credentials } = env.setup.expect;
    if (!verifyRoute) context.skip('expect.verifyRoute is null: the plugin does not check credentials');
    const listed = async () =>
      env.harness.expectStatus(
        await env.harness.api('GET', `/v1/connections?provider=${env.provider.id}&limit=100`),
        200,
      ).json.data.length as number;
    const before = await listed();
    env.fake.inject(verifyRoute!, errors?.refused ?? REFUSED);
    const answer = await connectByApi(env, wrongCredentials(credentials));
    expect(
      `${answer.status} ${answer.json?.error}`,
      `auth.verify: credentials the provider refused must be a 400 the form shows: throw a plain Error (a ProviderError('reauth_required') is a 409 for a lost grant): ${answer.text.slice(0, 300)}`,
    ).toBe('400 validation_error');
    expect(await listed(), 'auth.verify: refused credentials must not make a connection').toBe(before);
  });

  it('a provider outage during verify is a 502-class error, and the connect session stays usable', async (context) => {
    const env = suite();
    const { verifyRoute, errors, credentials } = env.setup.expect;
    if (!verifyRoute) context.skip('expect.verifyRoute is null: the plugin does not check credentials');
    const outage = errors?.outage ?? OUTAGE;
    const rule = `auth.verify: a provider outage (${outage.status ?? 200} at ${verifyRoute}) must be a 502-class provider error, not a refusal: let readProviderJson's error through, or throw a ProviderError`;
    env.fake.inject(verifyRoute!, outage);
    const answer = await connectByApi(env, credentials);
    expect([502, 503, 504], `${rule}; got ${answer.status}: ${answer.text.slice(0, 300)}`).toContain(answer.status);

    if (!hasForm(env)) return;
    const page = await connectPage(env);
    env.fake.inject(verifyRoute!, outage);
    const failed = await env.harness.call('POST', page, { form: credentials });
    expect([502, 503, 504], `${rule} (the connect form got ${failed.status})`).toContain(failed.status);
    const retried = await env.harness.call('POST', page, { form: credentials });
    returnedConnection(retried, 'the connect session after an outage must stay usable: posting again');
  });

  it('the hosted connect form: GET /connect/:id asks for each field, POST makes the connection and returns to returnTo', async (context) => {
    const env = suite();
    if (!hasForm(env)) context.skip('free-form raw fields: the connect page has no form to fill in');
    const { credentials } = env.setup.expect;
    const page = await connectPage(env);
    const shown = env.harness.expectStatus(await env.harness.call('GET', page), 200);
    for (const name of Object.keys(credentials)) {
      expect(shown.text, `auth.fields: the connect form must ask for "${name}"`).toContain(`name="${name}"`);
    }
    const connectionId = returnedConnection(
      await env.harness.call('POST', page, { form: credentials }),
      'POST /connect/:id',
    );
    const made = env.harness.expectStatus(await env.harness.api('GET', `/v1/connections/${connectionId}`), 200);
    expect(made.json.connection.status, 'the connection the form made').toBe('active');
  });

  it('signs requests with the credentials where the provider reads them (while connecting and through the proxy)', async (context) => {
    const env = suite();
    const { verifyRoute, credentials } = env.setup.expect;
    const before = env.fake.requests.length;
    const connection = env.harness.expectStatus(await connectByApi(env, credentials), 201).json.connection;
    const proxied = verifyRoute ? proxyPath(env, verifyRoute) : undefined;
    if (proxied) {
      const answer = await env.harness.api(proxied.method, `/v1/connections/${connection.id}/proxy/${proxied.path}`);
      expect(answer.status, `the proxy: ${proxied.method} ${proxied.path} through the connection`).toBe(200);
    }
    const sent = env.fake.requests.slice(before);
    if (sent.length === 0) context.skip('nothing reached the provider: no verify route, and no account lookup');
    for (const request of sent) expectSigned(env, request);
  });

  it('never lets a credential or a canary into a response body or a log line', async () => {
    const env = suite();
    const { credentials, verifyRoute, errors, canaries } = env.setup.expect;
    // A lifecycle of its own, so the sweep has something to find even when run alone: connected, listed, read,
    // a form refused (it must not echo the secret back), and deleted.
    const connection = env.harness.expectStatus(await connectByApi(env, credentials), 201).json.connection;
    await env.harness.api('GET', `/v1/connections/${connection.id}`);
    await env.harness.api('GET', '/v1/connections');
    await env.harness.api('GET', `/v1/connections/${connection.id}/credentials`);
    if (verifyRoute && hasForm(env)) {
      const page = await connectPage(env);
      env.fake.inject(verifyRoute, errors?.refused ?? REFUSED);
      await env.harness.call('POST', page, { form: credentials });
    }
    await env.harness.api('DELETE', `/v1/connections/${connection.id}`);

    const named = Object.entries(credentials).filter(([name]) => SECRET_NAME.test(name));
    const secrets = [
      ...(named.length > 0 ? named : Object.entries(credentials)).map(([, value]) => value),
      ...(canaries?.(env.fake) ?? []),
    ];
    expect(env.harness.logs.length, 'log lines to sweep').toBeGreaterThan(0);
    const texts = [
      ...env.harness.answers
        .filter((answer) => !answer.carriesCredentials)
        .map((answer) => `${answer.method} ${answer.path}\n${headerText(answer)}\n${answer.text}`),
      ...env.harness.logs,
    ];
    for (const secret of secrets) {
      const leaks = texts.filter((text) => text.includes(secret)).map((text) => text.slice(0, 300));
      expect(
        leaks,
        `canary: where ${secret.slice(0, 6)}... leaked (answers other than GET /credentials, logs)`,
      ).toEqual([]);
    }
  });
}

// A raw provider with free-form fields has no form: its connect page says to connect through the API.
function hasForm(env: Env): boolean {
  const { auth } = env.provider as { auth: FieldsAuth };
  return auth.type !== 'raw' || auth.fields !== undefined;
}
