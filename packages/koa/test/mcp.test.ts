import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { ProgrammaticCredentials } from '@plugboard/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

type Mode = 'legacy' | 'auto' | { pin: string };
type ToolResult = { content: { type: string; text: string }[]; structuredContent?: unknown; isError?: boolean };

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe('MCP endpoint, end to end with the official client SDK', () => {
  let api: TestApi;
  let workspaceId: string;
  let mcpKey: string;
  let ownerToken: string;
  const apiKeySecret = `good-key-canary-${Date.now()}`;
  const results: string[] = [];
  const clients: Client[] = [];
  const connections: Record<string, string> = {};

  const connect = async (bearer: string, { query = '', mode }: { query?: string; mode?: Mode } = {}) => {
    const client = new Client({ name: 'test-agent', version: '1' }, mode ? { versionNegotiation: { mode } } : {});
    clients.push(client);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.baseUrl}/v1/mcp${query}`), {
        authProvider: { token: async () => bearer },
      }),
    );
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as ToolResult;
    results.push(JSON.stringify(result));
    return result;
  };
  const mint = async (body: Record<string, unknown>, key = mcpKey) => api.call('POST', '/v1/mcp-tokens', { key, body });
  const rawPost = (bearer: string, headers: Record<string, string> = {}, body: unknown = INITIALIZE, query = '') =>
    fetch(`${api.baseUrl}/v1/mcp${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startApi();
    ({ id: workspaceId, key: mcpKey } = await api.workspace(['mcp', 'connections:read']));
    const { accessToken, refreshToken } = api.fake.canaries;
    const create = (ownerId: string, provider: string, credentials: ProgrammaticCredentials) =>
      api.hub.connections.create(workspaceId, { provider, ownerId, credentials });
    connections.fake = (await create('u1', 'fake', { type: 'oauth2', accessToken, refreshToken })).id;
    connections.keyed = (await create('u1', 'keyed', { type: 'api_key', apiKey: apiKeySecret })).id;
    connections.otherOwner = (await create('u2', 'keyed', { type: 'api_key', apiKey: `${apiKeySecret}-2` })).id;
    const minted = await mint({ ownerId: 'u1', expiresIn: 600 });
    expect(minted.status).toBe(201);
    ownerToken = minted.json.token;
  });
  afterAll(async () => {
    vi.useRealTimers();
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await api.close();
  });

  it.each<[string, Mode | undefined]>([
    ['the 2025 initialize handshake', undefined],
    ['protocol 2026-07-28 (server/discover)', 'auto'],
    ['protocol 2026-07-28 pinned', { pin: '2026-07-28' }],
  ])('lists the tools of an owner with two connections over %s', async (_, mode) => {
    const client = await connect(ownerToken, { mode });
    expect(client.getServerVersion()?.name).toBe('plugboard');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'connections.list',
      'fake.whoami',
      'fake.request',
      'keyed.key-length',
    ]);
    const whoami = tools.find((tool) => tool.name === 'fake.whoami')!;
    expect(whoami.description).toBe('Fake: Who the connected account is, asked of the provider.');
    expect(whoami.annotations).toEqual({
      title: 'Who am I',
      readOnlyHint: true,
      idempotentHint: true,
      openWorldHint: true,
    });
    expect(whoami.outputSchema).toMatchObject({ type: 'object', required: ['id', 'name'] });
    const keyLength = tools.find((tool) => tool.name === 'keyed.key-length')!;
    expect(keyLength.inputSchema).toMatchObject({
      type: 'object',
      properties: { times: { type: 'integer' }, connectionId: { type: 'string' } },
      required: ['times'],
    });
    expect(tools.find((tool) => tool.name === 'fake.request')!.inputSchema).toMatchObject({
      properties: { method: {}, path: {}, query: {}, body: {}, connectionId: {} },
      required: ['path'],
    });
  });

  it("lists only the owner's connections and the shared ones", async () => {
    const client = await connect(ownerToken);
    const listed = JSON.parse((await call(client, 'connections.list')).content[0]!.text);
    expect(listed.map((c: { id: string }) => c.id).sort()).toEqual([connections.fake, connections.keyed].sort());
    expect(listed[0]).toEqual(
      expect.objectContaining({
        provider: expect.any(String),
        status: 'active',
        shared: false,
        metadata: expect.any(Object),
      }),
    );
  });

  it('runs an action against the provider, signed by the hub, never with the caller bearer', async () => {
    const client = await connect(ownerToken);
    api.fake.requests.length = 0;
    const result = await call(client, 'fake.whoami');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: 'user-42', name: 'Ada Lovelace' });
    const upstream = api.fake.requests.filter((request) => request.path === '/api/me');
    expect(upstream).toHaveLength(1);
    expect(upstream[0]!.headers.authorization).toBe(`Bearer ${api.fake.canaries.accessToken}`);
    expect(JSON.stringify(api.fake.requests)).not.toContain(ownerToken);

    const length = await call(client, 'keyed.key-length', { times: 2 });
    expect(length.structuredContent).toEqual({ length: apiKeySecret.length * 2 });
    const invalid = await call(client, 'keyed.key-length', { times: 99 });
    expect(invalid).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^validation_error: /) }] });
  });

  it('makes a request through the proxy with all its rules', async () => {
    const client = await connect(ownerToken);
    api.fake.requests.length = 0;
    const result = await call(client, 'fake.request', { path: '/me', headers: { Authorization: 'Bearer stolen' } });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.content[0]!.text)).toEqual({
      status: 200,
      contentType: 'application/json',
      body: { id: 'user-42', name: 'Ada Lovelace' },
    });
    expect(api.fake.requests[0]!.headers.authorization).toBe(`Bearer ${api.fake.canaries.accessToken}`);

    const listed = JSON.parse(
      (await call(client, 'fake.request', { path: '/big', query: { n: '3' } })).content[0]!.text,
    );
    expect(listed.body).toEqual({ items: ['item-0', 'item-1', 'item-2'] });
    const missing = await call(client, 'fake.request', { path: '/nowhere' });
    expect(missing.isError).toBe(true);
    expect(JSON.parse(missing.content[0]!.text)).toMatchObject({ status: 404 });

    for (const path of ['/../token', 'https://evil.example/steal', '%2e%2e/token']) {
      const refused = await call(client, 'fake.request', { path });
      expect(refused).toMatchObject({
        isError: true,
        content: [{ text: expect.stringMatching(/^validation_error: /) }],
      });
    }
    expect(api.fake.requests.some((request) => request.path === '/token' || request.path === '/steal')).toBe(false);
  });

  it('answers a tool error with a connect link when the owner has not connected the provider', async () => {
    const { json } = await mint({ ownerId: 'u3' });
    const client = await connect(json.token);
    const result = await call(client, 'fake.whoami');
    expect(result.isError).toBe(true);
    const text = result.content[0]!.text;
    expect(text).toMatch(/^not_connected: The user has not connected a Fake account\./);
    const link = /(http:\/\/\S+\/connect\/\S+?) \(/.exec(text)?.[1];
    expect(link).toBeDefined();
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    await page.body?.cancel();
  });

  it("refuses another owner's connection id, and tools the token does not allow", async () => {
    const client = await connect(ownerToken);
    const result = await call(client, 'keyed.key-length', { times: 1, connectionId: connections.otherOwner });
    expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^not_found: /) }] });

    const narrowed = await mint({ ownerId: 'u1', providers: ['fake'], tools: ['fake.whoami'] });
    expect(narrowed.json).toMatchObject({ ownerId: 'u1', providers: ['fake'], tools: ['fake.whoami'] });
    const narrow = await connect(narrowed.json.token);
    expect((await narrow.listTools()).tools.map((tool) => tool.name)).toEqual(['fake.whoami']);
    await expect(narrow.callTool({ name: 'keyed.key-length', arguments: { times: 1 } })).rejects.toThrow(
      /Unknown tool/,
    );
  });

  it('refuses a foreign Origin (403), a key without mcp (403), a bad or expired token (401)', async () => {
    const foreign = await rawPost(ownerToken, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error).toBe('forbidden');
    expect((await rawPost(ownerToken, { origin: 'https://app.example.com' })).status).toBe(200);
    expect((await rawPost(ownerToken, { origin: api.baseUrl })).status).toBe(200);

    const { key: proxyKey } = await api.workspace(['proxy', 'connections:read']);
    expect((await rawPost(proxyKey, {}, INITIALIZE, '?ownerId=u1')).status).toBe(403);
    expect((await mint({ ownerId: 'u1' }, proxyKey)).status).toBe(403);
    expect((await rawPost(`${ownerToken.slice(0, -3)}abc`)).status).toBe(401);
    expect((await rawPost('no-such-key')).status).toBe(401);
    // An MCP token opens the MCP endpoint only.
    expect((await api.call('GET', '/v1/connections', { key: ownerToken })).status).toBe(401);

    const { json } = await mint({ ownerId: 'u1', expiresIn: 60 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    const expired = await rawPost(json.token);
    vi.useRealTimers();
    expect(expired.status).toBe(401);
    expect((await expired.json()).message).toMatch(/expired/);
  });

  it('narrows a key to the owner it names, and a token to its own owner', async () => {
    expect((await rawPost(mcpKey)).status).toBe(400);
    const client = await connect(mcpKey, { query: '?ownerId=u2' });
    const listed = JSON.parse((await call(client, 'connections.list')).content[0]!.text);
    expect(listed.map((c: { id: string }) => c.id)).toEqual([connections.otherOwner]);
    expect((await rawPost(ownerToken, {}, INITIALIZE, '?ownerId=u2')).status).toBe(403);
    expect((await rawPost(ownerToken, {}, INITIALIZE, '?ownerId=u1')).status).toBe(200);
  });

  it('honours MCP-Protocol-Version and answers notifications with 202', async () => {
    const notification = await rawPost(
      ownerToken,
      { 'mcp-protocol-version': '2025-06-18' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
    );
    expect(notification.status).toBe(202);
    const unsupported = await rawPost(
      ownerToken,
      { 'mcp-protocol-version': '1999-01-01' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    );
    expect(unsupported.status).toBe(400);
    await unsupported.body?.cancel();
    expect((await fetch(`${api.baseUrl}/v1/mcp`, { headers: { authorization: `Bearer ${ownerToken}` } })).status).toBe(
      405,
    );
  });

  it('writes every tool call to the audit trail without its arguments', async () => {
    const client = await connect(ownerToken);
    const marker = `argument-canary-${Date.now()}`;
    await call(client, 'fake.request', { path: '/me', query: { marker } });
    const calls = await api.hub.agents.toolCalls(workspaceId, 500);
    expect(calls[0]).toMatchObject({
      tool: 'fake.request',
      ownerId: 'u1',
      connectionId: connections.fake,
      outcome: 'ok',
      durationMs: expect.any(Number),
      tokenId: expect.any(String),
    });
    expect(calls.map((entry) => entry.outcome)).toEqual(
      expect.arrayContaining(['ok', 'not_connected', 'not_found', 'validation_error', 'http_404']),
    );
    expect(JSON.stringify(calls)).not.toContain(marker);
  });

  it('puts no token or secret in any tool result or log line (canary)', () => {
    const { canaries } = api.fake;
    const secrets = [
      canaries.accessToken,
      canaries.refreshToken,
      canaries.clientSecret,
      apiKeySecret,
      ownerToken,
      mcpKey,
    ];
    const everything = [...results, ...api.logs].join('\n');
    expect(results.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('describes POST /v1/mcp-tokens and the MCP endpoint in /openapi.json', async () => {
    const { json } = await api.call('GET', '/openapi.json');
    expect(json.paths['/v1/mcp-tokens'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateMcpToken',
    });
    expect(json.paths['/v1/mcp'].post.operationId).toBe('mcpPost');
  });
});

describe('MCP limits', () => {
  let api: TestApi;
  const clients: Client[] = [];
  beforeAll(async () => {
    api = await startApi({ mcp: { callsPerMinute: 3, maxOutputBytes: 500 } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await api.close();
  });

  it('cuts long output with a note and rate-limits each token', async () => {
    const { id, key } = await api.workspace(['mcp']);
    await api.hub.connections.create(id, {
      provider: 'fake',
      ownerId: 'u1',
      credentials: { type: 'oauth2', accessToken: api.fake.canaries.accessToken },
    });
    const tokens = await Promise.all(
      [1, 2].map(async () => (await api.call('POST', '/v1/mcp-tokens', { key, body: { ownerId: 'u1' } })).json.token),
    );
    const client = new Client({ name: 'limits', version: '1' });
    clients.push(client);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.baseUrl}/v1/mcp`), {
        authProvider: { token: async () => tokens[0] },
      }),
    );
    const big = (await client.callTool({ name: 'fake.request', arguments: { path: '/big' } })) as ToolResult;
    expect(big.isError).toBeFalsy();
    const text = big.content.map((part) => part.text).join('\n');
    expect(Buffer.byteLength(big.content[0]!.text)).toBeLessThanOrEqual(500);
    expect(text).toMatch(/cut at 500/);

    await client.callTool({ name: 'connections.list', arguments: {} });
    await client.callTool({ name: 'connections.list', arguments: {} });
    const limited = (await client.callTool({ name: 'connections.list', arguments: {} })) as ToolResult;
    expect(limited).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^rate_limited: /) }] });

    const other = new Client({ name: 'limits', version: '1' });
    clients.push(other);
    await other.connect(
      new StreamableHTTPClientTransport(new URL(`${api.baseUrl}/v1/mcp`), {
        authProvider: { token: async () => tokens[1] },
      }),
    );
    const fresh = (await other.callTool({ name: 'connections.list', arguments: {} })) as ToolResult;
    expect(fresh.isError).toBeFalsy();
  });
});
