import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, defineProvider, type Hub } from '@plugboard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createApiServer, createApp, createRequestHandler } from '../src/index.js';
import { startUpstream } from './support/upstream.js';

let upstream: Awaited<ReturnType<typeof startUpstream>>;
let hub: Hub;
let server: Server;
let base: string;
let key: string;
let connectionId: string;
let workspaceId: string;

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    redirect: 'manual',
    headers: { authorization: `Bearer ${key}`, ...init.headers },
  });

/** A GET with the path sent byte for byte (fetch would normalise `..` segments before they leave). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/`, { path, headers: { authorization: `Bearer ${key}` } }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  upstream = await startUpstream();
  const provider = defineProvider({
    id: 'upstream',
    optionsSchema: z.object({}),
    setup: () => ({
      name: 'Upstream',
      auth: {
        type: 'oauth2',
        authorizationUrl: `${upstream.origin}/authorize`,
        tokenUrl: `${upstream.origin}/token`,
        scopes: { default: [] },
        client: { clientId: 'c', clientSecret: 'client-secret-canary' },
      },
      api: { baseUrl: `${upstream.origin}/api` },
      async account({ fetch }) {
        const me = (await (await fetch('/me')).json()) as { id: string; name: string };
        return { id: me.id, name: me.name };
      },
    }),
  })({});
  const adminKey = randomBytes(32).toString('base64url');
  let listener: RequestListener | undefined;
  server = createApiServer((req, res) => listener?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hub = await createHub({
    database: `sqlite:${join(mkdtempSync(join(tmpdir(), 'plugboard-proxy-')), 'hub.db')}`,
    providers: [provider],
    encryptionKeys: [randomBytes(32).toString('base64')],
    publicUrl: base,
    adminKey,
    proxy: { timeoutMs: 1_500, maxResponseBytes: 16 * 1024, retries: 2, maxRetryWaitMs: 300 },
    background: false,
    // The upstream listens on loopback, which the egress policy refuses by default.
    egress: { allow: ['127.0.0.0/8'] },
  });
  listener = createRequestHandler(hub);
  const workspace = await hub.workspaces.create({ name: 'proxy' });
  workspaceId = workspace.id;
  ({ key } = await hub.apiKeys.create(workspace.id, { scopes: ['proxy', 'connections:write'] }));
  const connection = await hub.connections.create(workspace.id, {
    provider: 'upstream',
    credentials: {
      type: 'oauth2',
      accessToken: 'access-1',
      refreshToken: 'refresh-canary',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    },
  });
  connectionId = connection.id;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await hub.close();
  await upstream.close();
});
beforeEach(() => {
  upstream.hits.length = 0;
});

describe('rule 7.7: hostile paths never leave the provider base URL', () => {
  // Each is sent as raw as fetch allows; every one must answer 400 and cause no upstream request.
  const hostile = [
    '/../admin',
    '/..%2fadmin',
    '/%2e%2e/admin',
    '/%2E%2E/admin',
    '/%2e./admin',
    '/.%2e/admin',
    '/..%5cadmin',
    '/%5c%5cevil.example/x',
    '/%252e%252e/admin',
    '/%252fevil',
    '/a/%2e%2e%2f%2e%2e%2fadmin',
    '/%2f%2fevil.example/x',
    // `%2F` is a separator, read before the checks: traversal spelled with it is still traversal.
    '/a%2F..%2F..%2Fadmin',
    '/a%2f.%2fb',
    '/%2F%2Fevil.example/x',
    '/x%0d%0aHost:%20evil.example',
    '/x%0aInjected:%201',
    '/x%00',
    '/x%7f',
    '/user@evil.example',
    '/%40evil.example',
    '/a@b',
    '/x%25%32%65%25%32%65/admin',
    '/..;/admin',
  ];
  for (const path of hostile) {
    it(`refuses ${path}`, async () => {
      const answer = await rawGet(`/v1/connections/${connectionId}/proxy${path}`);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error).toBe('validation_error');
      expect(upstream.hits).toEqual([]);
    });
  }

  const hostileUrls = [
    'https://evil.example/api/echo',
    '//evil.example/api/echo',
    '/\\evil.example/api/echo',
    '\\\\evil.example\\x',
    'http://user:pass@127.0.0.1/api/echo',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/plain,hi',
    `${'http'}://169.254.169.254/latest/meta-data`,
    '/api/../../admin',
    '/echo\r\nX-Injected: 1',
    'ftp://127.0.0.1/api/echo',
  ];
  for (const url of hostileUrls) {
    it(`refuses ${JSON.stringify(url)} in POST /request`, async () => {
      const answer = await api(`/v1/connections/${connectionId}/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: string }).error).toBe('validation_error');
      expect(upstream.hits).toEqual([]);
    });
  }
});

describe('spec: a multi-segment proxy path is reachable from a generated client', () => {
  it('spec: %2F in the proxy path is a separator (a generated client sends a/b as a%2Fb)', async () => {
    const answer = await rawGet(`/v1/connections/${connectionId}/proxy/v1%2Fitems%2F42?x=a%2Fb`);
    expect(answer.status).toBe(404); // the upstream's own answer for a path it does not serve
    // The query is the caller's, untouched.
    expect(upstream.hits.map((hit) => hit.url)).toEqual(['/api/v1/items/42?x=a%2Fb']);
  });
});

describe('the proxy passes requests through', () => {
  it('keeps method, query, body and status; signs with the connection token; drops the caller credentials', async () => {
    const answer = await api(`/v1/connections/${connectionId}/proxy/echo?q=1&r=%20two`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        cookie: 'caller=secret',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'evil.example',
        forwarded: 'for=10.0.0.1',
        'x-custom': 'kept',
        'x-plugboard-retry': 'false',
      },
      body: 'hello body',
    });
    expect(answer.status).toBe(201);
    const echoed = (await answer.json()) as {
      method: string;
      path: string;
      query: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(echoed).toMatchObject({ method: 'POST', path: '/api/echo', query: '?q=1&r=%20two', body: 'hello body' });
    expect(echoed.headers.authorization).toBe('Bearer access-1');
    expect(echoed.headers['x-custom']).toBe('kept');
    for (const dropped of ['cookie', 'x-forwarded-for', 'x-forwarded-host', 'forwarded', 'x-plugboard-retry']) {
      expect(echoed.headers[dropped], dropped).toBeUndefined();
    }
    expect(echoed.headers.host).toBe(new URL(upstream.origin).host);
  });

  it('drops the provider Set-Cookie and hop-by-hop headers on the way back', async () => {
    const answer = await api(`/v1/connections/${connectionId}/proxy/echo`);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.get('x-hop-header')).toBeNull();
    expect(answer.headers.get('x-provider-header')).toBe('passes');
    expect(answer.headers.get('content-type')).toBe('application/json');
  });

  it('Proxy passes True-Client-IP, CF-Connecting-IP, X-Client-IP, X-Cluster-Client-IP, X-Original-URL, X-Rewrite-URL, X-HTTP-Method-Override to the provider: none is', async () => {
    const dropped = [
      'true-client-ip',
      'cf-connecting-ip',
      'x-client-ip',
      'x-cluster-client-ip',
      'x-original-url',
      'x-rewrite-url',
      'x-http-method-override',
      'x-http-method',
      'x-method-override',
    ];
    const headers = Object.fromEntries(dropped.map((name) => [name, name.includes('method') ? 'DELETE' : '10.0.0.1']));
    const proxied = await api(`/v1/connections/${connectionId}/proxy/echo`, {
      headers: { ...headers, 'x-custom': 'kept' },
    });
    const described = await api(`/v1/connections/${connectionId}/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: '/echo', headers: { ...headers, 'x-custom': 'kept' } }),
    });
    for (const answer of [proxied, described]) {
      const echoed = (await answer.json()) as { method: string; headers: Record<string, string> };
      expect(echoed.method).toBe('GET');
      expect(echoed.headers['x-custom']).toBe('kept');
      for (const name of dropped) expect(echoed.headers[name], name).toBeUndefined();
    }
  });

  it('Provider answers pass Access-Control-Allow-*, www-authenticate, set-cookie2, their CSP and text/html through, with no nosniff: stripped, sandboxed, nosniff', async () => {
    const answer = await api(`/v1/connections/${connectionId}/proxy/hostile-headers`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('text/html');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toBe('sandbox');
    for (const name of [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-allow-headers',
      'access-control-expose-headers',
      'www-authenticate',
      'set-cookie',
      'set-cookie2',
      'content-security-policy-report-only',
    ]) {
      expect(answer.headers.get(name), name).toBeNull();
    }
    expect(answer.headers.get('link')).toBe('</a>; rel=next, </b>; rel=last');
  });

  it('A header value with a control character, CR/LF or a non-Latin-1 character in /request passes validation: 400 before anything leaves', async () => {
    for (const value of ['a\r\nInjected: 1', 'nul\u0000', 'del\u007f', 'bell\u0007', 'snowman \u2603']) {
      const answer = await api(`/v1/connections/${connectionId}/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: '/echo', headers: { 'x-bad': value } }),
      });
      expect(answer.status, JSON.stringify(value)).toBe(400);
      expect(await answer.json()).toMatchObject({ error: 'validation_error', details: [{ path: 'headers.x-bad' }] });
    }
    expect(upstream.hits).toEqual([]);
    const latin1 = await api(`/v1/connections/${connectionId}/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: '/echo', headers: { 'x-name': 'caf\u00e9\tau lait' } }),
    });
    expect(latin1.status).toBe(201);
  });

  it('does the same through POST /request with a JSON body', async () => {
    const answer = await api(`/v1/connections/${connectionId}/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'PUT',
        url: '/echo?x=1',
        headers: { 'X-Custom': 'yes', Authorization: 'Bearer caller' },
        data: { a: 1 },
      }),
    });
    expect(answer.status).toBe(201);
    const echoed = (await answer.json()) as {
      method: string;
      query: string;
      body: string;
      headers: Record<string, string>;
    };
    expect(echoed).toMatchObject({ method: 'PUT', query: '?x=1', body: '{"a":1}' });
    expect(echoed.headers.authorization).toBe('Bearer access-1');
    expect(echoed.headers['content-type']).toBe('application/json');
    expect(echoed.headers['x-custom']).toBe('yes');
  });

  it('accepts an absolute URL on a declared host', async () => {
    const answer = await api(`/v1/connections/${connectionId}/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${upstream.origin}/api/echo` }),
    });
    expect(answer.status).toBe(201);
  });

  it('does not follow redirects: the 3xx comes back, nothing reaches the other host', async () => {
    const answer = await api(`/v1/connections/${connectionId}/proxy/redirect`);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('https://elsewhere.example/steal');
    expect(upstream.hits).toHaveLength(1);
  });

  it('needs the proxy scope', async () => {
    const workspace = (await hub.workspaces.list())[0]!;
    const { key: readOnly } = await hub.apiKeys.create(workspace.id, { scopes: ['connections:read'] });
    const answer = await fetch(`${base}/v1/connections/${connectionId}/proxy/echo`, {
      headers: { authorization: `Bearer ${readOnly}` },
    });
    expect(answer.status).toBe(403);
    expect(upstream.hits).toEqual([]);
  });
});

describe('limits and timeouts', () => {
  it('answers 502 for a declared-too-large response, and cuts off one that grows too large', async () => {
    const declared = await api(`/v1/connections/${connectionId}/proxy/big?bytes=${32 * 1024}`);
    expect(declared.status).toBe(502);
    expect(((await declared.json()) as { error: string }).error).toBe('provider_error');
    const small = await api(`/v1/connections/${connectionId}/proxy/big?bytes=100`);
    expect((await small.text()).length).toBe(100);
    // Headers may already be on their way when the limit is crossed: the caller sees the connection cut.
    await expect(api(`/v1/connections/${connectionId}/proxy/stream-big`).then((r) => r.text())).rejects.toThrow();
  });

  it('answers 413 for a request body over the limit, without calling the provider', async () => {
    const answer = await api(`/v1/connections/${connectionId}/proxy/echo`, {
      method: 'POST',
      body: 'z'.repeat(11 * 1024 * 1024),
    });
    expect(answer.status).toBe(413);
    expect(upstream.hits).toEqual([]);
  });

  it('answers 504 when the provider is too slow', async () => {
    const answer = await api(`/v1/connections/${connectionId}/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', url: '/slow' }),
    });
    expect(answer.status).toBe(504);
    expect(((await answer.json()) as { error: string }).error).toBe('provider_timeout');
  });
});

describe('resilience', () => {
  it('a 401 triggers one refresh and one retry with the new token', async () => {
    upstream.rotateToken();
    const answer = await api(`/v1/connections/${connectionId}/proxy/fresh-only`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ token: 'accepted' });
    expect(upstream.hits.map((hit) => hit.url)).toEqual(['/api/fresh-only', '/token', '/api/fresh-only']);
    expect(new URLSearchParams(upstream.hits[1]!.body).get('refresh_token')).toBe('refresh-canary');
  });

  it('Refresh amplification: 401 on every call forces at most one refresh per connection per 30 s', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await api(`/v1/connections/${connectionId}/proxy/always-401`));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    // The refresh the test before forced is the one allowed in this window: not one token request more.
    expect(upstream.hits.filter((hit) => hit.url === '/token')).toHaveLength(0);
    expect(upstream.hits.filter((hit) => hit.url === '/api/always-401')).toHaveLength(5);
  });

  it('retries 503 for GET, honouring Retry-After, and gives up after the retries', async () => {
    upstream.state.flakyLeft = 2;
    upstream.state.retryAfter = '0';
    const answer = await api(`/v1/connections/${connectionId}/proxy/flaky`);
    expect(answer.status).toBe(200);
    expect(upstream.hits).toHaveLength(3);
    upstream.hits.length = 0;
    upstream.state.flakyLeft = 5;
    const exhausted = await api(`/v1/connections/${connectionId}/proxy/flaky`);
    expect(exhausted.status).toBe(503);
    expect(upstream.hits).toHaveLength(3);
    upstream.state.flakyLeft = 0;
  });

  it('waits as Retry-After says, up to the cap', async () => {
    upstream.state.flakyLeft = 1;
    upstream.state.retryAfter = '60';
    const started = Date.now();
    const answer = await api(`/v1/connections/${connectionId}/proxy/flaky`);
    expect(answer.status).toBe(200);
    // Retry-After asked for a minute; the cap (300 ms in this hub) won.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(upstream.hits).toHaveLength(2);
    upstream.state.retryAfter = '0';
  });

  it('does not retry a POST unless the caller opts in', async () => {
    upstream.state.flakyLeft = 1;
    const once = await api(`/v1/connections/${connectionId}/proxy/flaky`, { method: 'POST' });
    expect(once.status).toBe(503);
    expect(upstream.hits).toHaveLength(1);
    upstream.hits.length = 0;
    upstream.state.flakyLeft = 1;
    const optedIn = await api(`/v1/connections/${connectionId}/proxy/flaky`, {
      method: 'POST',
      headers: { 'x-plugboard-retry': 'true' },
    });
    expect(optedIn.status).toBe(200);
    expect(upstream.hits).toHaveLength(2);
  });
});

describe('the Koa route (for hosts that mount only the Koa app)', () => {
  it('passes through and refuses hostile paths the same way', async () => {
    const koaServer = createServer(createApp(hub).callback());
    await new Promise<void>((resolve) => koaServer.listen(0, '127.0.0.1', resolve));
    const koaBase = `http://127.0.0.1:${(koaServer.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${koaBase}/v1/connections/${connectionId}/proxy/echo?via=koa`, {
        headers: { authorization: `Bearer ${key}`, cookie: 'x=1' },
      });
      expect(ok.status).toBe(201);
      const echoed = (await ok.json()) as { query: string; headers: Record<string, string> };
      expect(echoed.query).toBe('?via=koa');
      expect(echoed.headers.cookie).toBeUndefined();
      expect(ok.headers.get('set-cookie')).toBeNull();
      // The router sets nosniff before the route writes the provider's headers: repeated ones must all stay.
      const html = await fetch(`${koaBase}/v1/connections/${connectionId}/proxy/hostile-headers`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(html.headers.get('x-content-type-options')).toBe('nosniff');
      expect(html.headers.get('content-security-policy')).toBe('sandbox');
      expect(html.headers.get('link')).toBe('</a>; rel=next, </b>; rel=last');
      expect(html.headers.get('access-control-allow-origin')).toBeNull();
      // HEAD has a route of its own (described as such): the provider sees a HEAD.
      upstream.hits.length = 0;
      const head = await fetch(`${koaBase}/v1/connections/${connectionId}/proxy/echo`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(head.status).toBe(201);
      expect(upstream.hits.map((hit) => hit.method)).toEqual(['HEAD']);
      upstream.hits.length = 0;
      const hostile = await fetch(`${koaBase}/v1/connections/${connectionId}/proxy/..%2fadmin`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(hostile.status).toBe(400);
      expect(upstream.hits).toEqual([]);
    } finally {
      koaServer.closeAllConnections();
      koaServer.close();
    }
  });
});

describe('errors on the direct proxy path', () => {
  it('answers 401 without a key and 404 for an unknown connection, with the error body', async () => {
    const anonymous = await fetch(`${base}/v1/connections/${connectionId}/proxy/echo`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await anonymous.json()).toMatchObject({ error: 'unauthorized' });
    const unknown = await api('/v1/connections/00000000-0000-7000-8000-000000000000/proxy/echo');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'not_found' });
    expect(upstream.hits).toEqual([]);
  });
});

describe('failed authentication', () => {
  // From 127.0.0.2: the throttle is per client address, so the rest of this file (from 127.0.0.1) is not slowed.
  const fromOtherAddress = (path: string, bearer: string) =>
    new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${base}${path}`,
        { localAddress: '127.0.0.2', headers: { authorization: `Bearer ${bearer}` } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string, body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('No throttling of failed authentication: wrong bearers get 429 with Retry-After after the burst', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await fromOtherAddress(`/v1/connections/${connectionId}/proxy/echo`, `wrong-${i}`)).status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    for (const path of [`/v1/connections/${connectionId}/proxy/echo`, '/v1/connections']) {
      const throttled = await fromOtherAddress(path, key);
      expect(throttled.status, path).toBe(429);
      expect(Number(throttled.retryAfter)).toBeGreaterThan(0);
      expect(JSON.parse(throttled.body)).toMatchObject({ error: 'rate_limited' });
    }
    expect((await api(`/v1/connections/${connectionId}/proxy/echo`)).status).toBeLessThan(400);
  });
});

describe('lastUsedAt', () => {
  it('a proxied call records lastUsedAt, written at most once a minute per connection', async () => {
    const lastUsedAt = async () => (await hub.connections.get(workspaceId, connectionId)).lastUsedAt;
    const call = async () => (await api(`/v1/connections/${connectionId}/proxy/echo`)).body?.cancel();
    const start = Date.now() + 5 * 60_000;
    try {
      vi.useFakeTimers({ toFake: ['Date'], now: start });
      await call();
      // The write is not waited for by the call: it lands right after.
      await vi.waitFor(async () => expect(await lastUsedAt()).toBe(new Date(start).toISOString()));
      vi.setSystemTime(start + 30_000);
      await call();
      expect(await lastUsedAt()).toBe(new Date(start).toISOString());
      vi.setSystemTime(start + 61_000);
      await call();
      await vi.waitFor(async () => expect(await lastUsedAt()).toBe(new Date(start + 61_000).toISOString()));
    } finally {
      vi.useRealTimers();
    }
  });
});
