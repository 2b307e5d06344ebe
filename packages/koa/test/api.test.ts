import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorSchema } from '../src/schemas/common.js';
import { type Answer, startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const expectError = (answer: Answer, status: number, code: string) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(ErrorSchema.strict().parse(answer.json)).toMatchObject({ error: code });
  expect(answer.json.message).toEqual(expect.any(String));
};

const keyCredentials = { type: 'api_key', apiKey: 'good-key-1' };

describe('authentication', () => {
  it('answers 401 without a key, with a malformed header, and with an unknown key', async () => {
    expectError(await api.call('GET', '/v1/providers'), 401, 'unauthorized');
    expectError(
      await api.call('GET', '/v1/providers', { headers: { authorization: 'Basic abc' } }),
      401,
      'unauthorized',
    );
    const unknown = await api.call('GET', '/v1/connections', { key: 'pbk_not_a_real_key' });
    expectError(unknown, 401, 'unauthorized');
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('keeps admin routes for the admin key', async () => {
    const { key } = await api.workspace();
    expectError(await api.call('GET', '/v1/workspaces', { key }), 403, 'forbidden');
    expectError(await api.call('POST', '/v1/workspaces', { key, body: { name: 'x' } }), 403, 'forbidden');
    expect((await api.call('GET', '/v1/workspaces', { key: api.adminKey })).status).toBe(200);
  });

  it('refuses the admin key on workspace routes, saying to use a workspace key', async () => {
    const answer = await api.call('GET', '/v1/connections', { key: api.adminKey });
    expectError(answer, 403, 'forbidden');
    expect(answer.json.message).toMatch(/workspace API key/);
  });

  it('answers 403 when the key lacks the route scope', async () => {
    const { key } = await api.workspace(['connections:read']);
    expectError(
      await api.call('POST', '/v1/connections', { key, body: { provider: 'keyed', credentials: keyCredentials } }),
      403,
      'forbidden',
    );
    expectError(await api.call('PUT', '/v1/oauth-apps/fake', { key, body: { clientId: 'x' } }), 403, 'forbidden');
    expect((await api.call('GET', '/v1/connections', { key })).status).toBe(200);
  });

  it('lets any valid key list providers, each with its display name and API base URL', async () => {
    const { key } = await api.workspace(['proxy']);
    const answer = await api.call('GET', '/v1/providers', { key });
    expect(answer.status).toBe(200);
    expect(answer.json.data.map((p: { id: string }) => p.id)).toEqual(['fake', 'keyed', 'mounted']);
    expect((await api.call('GET', '/v1/providers/fake', { key: api.adminKey })).json.provider).toEqual({
      id: 'fake',
      name: 'Fake',
      authType: 'oauth2',
      defaultScopes: ['read', 'write'],
      scopeDescriptions: {
        read: { text: 'Read your things' },
        write: { text: 'Change your things', sensitive: true },
      },
      logoUrl: expect.stringMatching(/\/provider-logos\/fake\?v=[0-9a-f]{64}$/),
      actions: ['whoami'],
      apiBaseUrl: `${api.fake.origin}/api`,
      importUnsupported: null,
    });
    expect(answer.json.data[1]).toMatchObject({
      id: 'keyed',
      name: 'Keyed',
      apiBaseUrl: null,
      logoUrl: null,
      importUnsupported: null,
    });
  });

  it("lists connections with their provider's display name next to its id", async () => {
    const { key } = await api.workspace();
    await api.call('POST', '/v1/connections', {
      key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'good-named' } },
    });
    const listed = await api.call('GET', '/v1/connections', { key });
    expect(listed.json.data).toMatchObject([{ provider: 'keyed', providerName: 'Keyed' }]);
    expectError(await api.call('GET', '/v1/providers/nope', { key }), 404, 'not_found');
  });
});

describe('workspaces and keys', () => {
  it('creates, lists and gets workspaces', async () => {
    const created = await api.call('POST', '/v1/workspaces', {
      key: api.adminKey,
      body: { name: 'beta', allowedReturnOrigins: ['https://beta.example.com'] },
    });
    expect(created.status).toBe(201);
    const { workspace } = created.json;
    expect(Object.keys(workspace).sort()).toEqual(
      ['allowedRedirectUris', 'allowedReturnOrigins', 'createdAt', 'id', 'name', 'sharedProviders', 'updatedAt'].sort(),
    );
    const got = await api.call('GET', `/v1/workspaces/${workspace.id}`, { key: api.adminKey });
    expect(got.json).toEqual({ workspace });
    const listed = await api.call('GET', '/v1/workspaces', { key: api.adminKey });
    expect(listed.json.data).toContainEqual(workspace);
    expectError(await api.call('GET', '/v1/workspaces/0190-nope', { key: api.adminKey }), 404, 'not_found');
  });

  it('shows a new key once, and a deleted key stops working', async () => {
    const { id } = await api.workspace();
    const created = await api.call('POST', `/v1/workspaces/${id}/api-keys`, {
      key: api.adminKey,
      body: { name: 'ci', scopes: ['connections:read'] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { apiKey, key } = created.json;
    expect(apiKey).toMatchObject({ workspaceId: id, name: 'ci', scopes: ['connections:read'], lastUsedAt: null });
    expect(JSON.stringify(apiKey)).not.toContain(key);
    expect((await api.call('GET', '/v1/connections', { key })).status).toBe(200);
    const deleted = await api.call('DELETE', `/v1/workspaces/${id}/api-keys/${apiKey.id}`, { key: api.adminKey });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectError(await api.call('GET', '/v1/connections', { key }), 401, 'unauthorized');
  });

  it('refuses unknown scopes and unknown keys in the body', async () => {
    const { id } = await api.workspace();
    const bad = await api.call('POST', `/v1/workspaces/${id}/api-keys`, {
      key: api.adminKey,
      body: { scopes: ['everything'] },
    });
    expectError(bad, 400, 'validation_error');
    expect(bad.json.details[0].path).toBe('body.scopes[0]');
    const typo = await api.call('POST', '/v1/workspaces', {
      key: api.adminKey,
      body: { name: 'x', alowedReturnOrigins: [] },
    });
    expectError(typo, 400, 'validation_error');
    expect(typo.json.message).toContain('alowedReturnOrigins');
  });

  it('answers 400, not 500, for allowed origins and redirect URIs that are not URLs', async () => {
    for (const body of [
      { name: 'x', allowedReturnOrigins: ['not a url'] },
      { name: 'x', allowedRedirectUris: ['http://'] },
    ]) {
      const answer = await api.call('POST', '/v1/workspaces', { key: api.adminKey, body });
      expectError(answer, 400, 'validation_error');
    }
  });
});

describe('oauth apps', () => {
  it('stores a client and answers hasClientSecret, never the secret', async () => {
    const { key } = await api.workspace();
    const secret = 'oauth-app-secret-value-123';
    const put = await api.call('PUT', '/v1/oauth-apps/fake', { key, body: { clientId: 'mine', clientSecret: secret } });
    expect(put.status).toBe(200);
    expect(put.json.oauthApp).toMatchObject({ provider: 'fake', clientId: 'mine', hasClientSecret: true });
    const got = await api.call('GET', '/v1/oauth-apps/fake', { key });
    expect(got.json).toEqual(put.json);
    expect(put.text + got.text).not.toContain(secret);
    expect((await api.call('DELETE', '/v1/oauth-apps/fake', { key })).status).toBe(204);
    expectError(await api.call('GET', '/v1/oauth-apps/fake', { key }), 404, 'not_found');
  });
});

describe('connections', () => {
  it('creates, lists, pages, gets and deletes connections', async () => {
    const { key } = await api.workspace();
    const ids: string[] = [];
    for (const suffix of ['a', 'b', 'c']) {
      const created = await api.call('POST', '/v1/connections', {
        key,
        body: {
          provider: 'keyed',
          ownerId: `user-${suffix}`,
          credentials: { type: 'api_key', apiKey: `good-${suffix}` },
        },
      });
      expect(created.status).toBe(201);
      expect(Object.keys(created.json)).toEqual(['connection']);
      expect(JSON.stringify(created.json)).not.toContain(`good-${suffix}`);
      ids.push(created.json.connection.id);
    }
    const first = await api.call('GET', '/v1/connections?limit=2', { key });
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(2);
    const second = await api.call('GET', `/v1/connections?limit=2&cursor=${first.json.nextCursor}`, { key });
    expect(second.json).toMatchObject({ nextCursor: null });
    expect([...first.json.data, ...second.json.data].map((c: { id: string }) => c.id).sort()).toEqual(ids.sort());
    const filtered = await api.call('GET', '/v1/connections?ownerId=user-b', { key });
    expect(filtered.json.data.map((c: { id: string }) => c.id)).toEqual([ids[1]]);

    const got = await api.call('GET', `/v1/connections/${ids[0]}`, { key });
    expect(got.json.connection.id).toBe(ids[0]);
    expect((await api.call('DELETE', `/v1/connections/${ids[0]}`, { key })).status).toBe(204);
    expectError(await api.call('GET', `/v1/connections/${ids[0]}`, { key }), 404, 'not_found');
  });

  it("answers 404 for another workspace's connection, on GET and DELETE, and deletes nothing", async () => {
    const owner = await api.workspace();
    const stranger = await api.workspace();
    const created = await api.call('POST', '/v1/connections', {
      key: owner.key,
      body: { provider: 'keyed', credentials: keyCredentials },
    });
    const path = `/v1/connections/${created.json.connection.id}`;
    expectError(await api.call('GET', path, { key: stranger.key }), 404, 'not_found');
    expectError(await api.call('DELETE', path, { key: stranger.key }), 404, 'not_found');
    expect((await api.call('GET', path, { key: owner.key })).status).toBe(200);
  });

  it('takes the workspace from the key, never from the body or query', async () => {
    const owner = await api.workspace();
    const other = await api.workspace();
    const answer = await api.call('POST', '/v1/connections', {
      key: owner.key,
      body: { provider: 'keyed', credentials: keyCredentials, workspaceId: other.id },
    });
    expectError(answer, 400, 'validation_error');
    expectError(
      await api.call('GET', `/v1/connections?workspaceId=${other.id}`, { key: owner.key }),
      400,
      'validation_error',
    );
  });

  it('refuses bad queries with details naming the parameter', async () => {
    const { key } = await api.workspace();
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'status=gone', 'cursor=%21%21', 'limit=1&limit=2']) {
      const answer = await api.call('GET', `/v1/connections?${query}`, { key });
      expectError(answer, 400, 'validation_error');
      expect(JSON.stringify(answer.json.details ?? [])).toMatch(/limit|status|cursor/);
    }
  });

  it('writes nothing for malformed JSON, wrong types, or a non-JSON body', async () => {
    const { key } = await api.workspace();
    const count = async () => (await api.call('GET', '/v1/connections', { key })).json.data.length;
    const before = await count();
    const malformed = await api.call('POST', '/v1/connections', { key, body: '{"provider": "keyed",' });
    expectError(malformed, 400, 'validation_error');
    expect(malformed.json.message).toBe('The request body is not valid JSON.');
    const wrongTypes = await api.call('POST', '/v1/connections', {
      key,
      body: { provider: 42, shared: 'yes', credentials: keyCredentials },
    });
    expectError(wrongTypes, 400, 'validation_error');
    expect(wrongTypes.json.details.map((d: { path: string }) => d.path)).toEqual(['body.provider', 'body.shared']);
    const form = await api.call('POST', '/v1/connections', {
      key,
      body: 'provider=keyed',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(form, 400, 'validation_error');
    expectError(await api.call('POST', '/v1/connections', { key }), 400, 'validation_error');
    expectError(await api.call('POST', '/v1/connections', { key, body: 'null' }), 400, 'validation_error');
    expectError(await api.call('POST', '/v1/connections', { key, body: '[]' }), 400, 'validation_error');
    const refused = await api.call('POST', '/v1/connections', {
      key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'bad-key' } },
    });
    expectError(refused, 400, 'validation_error');
    expect(await count()).toBe(before);
  });

  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const { key } = await api.workspace();
    const big = JSON.stringify({ provider: 'keyed', credentials: { type: 'api_key', apiKey: 'x'.repeat(1_100_000) } });
    expectError(await api.call('POST', '/v1/connections', { key, body: big }), 413, 'payload_too_large');
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 4 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${api.baseUrl}/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
  });
});

describe('connect sessions', () => {
  it('creates a session and refuses a returnTo off the allow-list', async () => {
    const { key } = await api.workspace();
    const created = await api.call('POST', '/v1/connect-sessions', {
      key,
      body: { provider: 'fake', returnTo: 'https://app.example.com/done' },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual([
      'authorizationUrl',
      'connectUrl',
      'expiresAt',
      'id',
      'provider',
      'providers',
      'status',
    ]);
    expect(new URL(created.json.authorizationUrl).searchParams.get('redirect_uri')).toBe(
      `${api.baseUrl}/oauth/callback`,
    );
    for (const returnTo of [
      'https://evil.example.com/',
      'https://app.example.com.evil.example/',
      'https://app.example.com@evil.example/',
      'javascript:alert(1)',
      '//evil.example/',
    ]) {
      const refused = await api.call('POST', '/v1/connect-sessions', { key, body: { provider: 'fake', returnTo } });
      expectError(refused, 400, 'validation_error');
      expect(refused.json.details[0].path).toMatch(/returnTo/);
    }
  });
});

describe('routing and operations', () => {
  it('answers unknown routes and methods with a 404 error body', async () => {
    expectError(await api.call('GET', '/nope'), 404, 'not_found');
    expectError(await api.call('GET', '/v1/connections/x/y/z'), 404, 'not_found');
    expectError(await api.call('PATCH', '/v1/workspaces', { key: api.adminKey }), 404, 'not_found');
  });

  it('answers health, readiness and the OpenAPI document', async () => {
    expect((await api.call('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await api.call('GET', '/readyz')).json).toEqual({ status: 'ok' });
    const document = await api.call('GET', '/openapi.json');
    expect(document.json).toMatchObject({ openapi: '3.1.0', servers: [{ url: api.baseUrl }] });
  });
});

describe('X-Content-Type-Options', () => {
  it('with no nosniff: every hub answer carries X-Content-Type-Options: nosniff, errors and 404s included', async () => {
    const { key } = await api.workspace();
    const answers = [
      await api.call('GET', '/healthz'),
      await api.call('GET', '/openapi.json'),
      await api.call('GET', '/v1/connections', { key }),
      await api.call('GET', '/v1/connections'),
      await api.call('GET', '/nope'),
      await api.call('POST', '/v1/connect-sessions', { key, body: '{' }),
      await api.call('GET', '/oauth/callback?state=unknown&code=x'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 401, 404, 400, 404]);
    for (const answer of answers) expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('access log', () => {
  it('logs requests at info, and the health probes at debug only', async () => {
    const before = api.logs.length;
    await api.call('GET', '/healthz');
    await api.call('GET', '/readyz');
    await api.call('GET', '/v1/providers');
    const requests = api.logs
      .slice(before)
      .map((line) => JSON.parse(line) as { level: number; msg: string; path: string })
      .filter((line) => line.msg === 'request');
    expect(requests.map(({ path, level }) => [path, level])).toEqual([
      ['/healthz', 20],
      ['/readyz', 20],
      ['/v1/providers', 30],
    ]);
  });
});
