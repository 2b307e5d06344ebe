import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ApiKey, Connection, ConnectSession, OAuthApp, ProviderSummary, Workspace } from '@plugboard/core';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { createOpenApiDocument, createRouter, routes, toOpenApiPath } from '../src/index.js';
import { NOT_FOUND_ROUTE } from '../src/router.js';
import type { ApiKeySchema } from '../src/schemas/api-keys.js';
import type { ConnectSessionSchema } from '../src/schemas/connect-sessions.js';
import type { ConnectionSchema } from '../src/schemas/connections.js';
import type { OAuthAppSchema } from '../src/schemas/oauth-apps.js';
import type { ProviderSummarySchema } from '../src/schemas/providers.js';
import type { WorkspaceSchema } from '../src/schemas/workspaces.js';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

type Document = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, unknown> };
  tags: { name: string }[];
};

describe('the OpenAPI document', () => {
  it('describes exactly the routes the router registers', () => {
    const document = createOpenApiDocument(api.hub) as Document;
    const registered = new Set<string>();
    for (const layer of createRouter(api.hub).stack) {
      // HEAD comes with every GET (a HEAD-only layer is a route of its own); the 404 fallback is no operation.
      if (layer.name === NOT_FOUND_ROUTE) continue;
      for (const method of layer.methods)
        if (method !== 'HEAD' || layer.methods.length === 1)
          registered.add(`${method} ${toOpenApiPath(String(layer.path))}`);
    }
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    expect([...registered].sort()).toEqual([...documented].sort());
    expect(registered.size).toBe(routes.length);
    for (const expected of [
      'POST /v1/workspaces',
      'DELETE /v1/workspaces/{id}/api-keys/{keyId}',
      'GET /oauth/callback',
      'POST /v1/connections/callback',
      'GET /openapi.json',
      'PATCH /providers/{id}/{path}',
    ]) {
      expect(documented).toContain(expected);
    }
  });

  it('documents auth, parameters, bodies, errors and shared schemas', () => {
    const document = createOpenApiDocument(api.hub) as Document;
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.Error.properties.error.enum).toContain('payload_too_large');
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'Connection', 'Workspace', 'ApiKey', 'OAuthApp', 'ConnectSession', 'Provider']),
    );
    expect(document.tags.map((tag) => tag.name)).toContain('connections');

    const list = document.paths['/v1/connections']!.get;
    expect(list.security).toEqual([{ bearer: [] }]);
    expect(list.description).toContain('connections:read');
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual([
      'provider',
      'ownerId',
      'status',
      'shared',
      'tag',
      'limit',
      'cursor',
    ]);
    expect(list.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ default: 50 });
    expect(list.responses['200'].content['application/json'].schema.properties.data.items).toEqual({
      $ref: '#/components/schemas/Connection',
    });
    expect(list.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });

    const create = document.paths['/v1/connections']!.post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['provider', 'credentials']),
    });
    expect(create.responses['413']).toBeDefined();

    const callback = document.paths['/oauth/callback']!.get;
    expect(callback.security).toEqual([]);
    expect(callback.responses['302'].headers.Location).toBeDefined();
    expect(callback.responses['200'].content['text/html']).toBeDefined();

    const connection = document.components.schemas.Connection;
    expect(Object.keys(connection.properties).sort()).toEqual(
      [
        'accountId',
        'accountName',
        'createdAt',
        'credentialType',
        'id',
        'lastError',
        'lastRefreshedAt',
        'lastUsedAt',
        'metadata',
        'ownerId',
        'provider',
        'providerName',
        'scopes',
        'shared',
        'status',
        'tags',
        'name',
        'expiresAt',
        'redactFields',
        'tokenExpiresAt',
        'refreshTokenExpiresAt',
        'updatedAt',
        'workspaceId',
      ].sort(),
    );
  });

  it('has response schemas that mirror the model exactly', () => {
    expectTypeOf<z.output<typeof ConnectionSchema>>().toEqualTypeOf<Connection>();
    expectTypeOf<z.output<typeof WorkspaceSchema>>().toEqualTypeOf<Workspace>();
    expectTypeOf<z.output<typeof ApiKeySchema>>().toEqualTypeOf<ApiKey>();
    expectTypeOf<z.output<typeof OAuthAppSchema>>().toEqualTypeOf<OAuthApp>();
    expectTypeOf<z.output<typeof ConnectSessionSchema>>().toEqualTypeOf<ConnectSession>();
    expectTypeOf<z.output<typeof ProviderSummarySchema>>().toEqualTypeOf<ProviderSummary>();
  });

  it('gives every operation a unique id', () => {
    const ids = routes.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('spec: what generated clients and linters need', () => {
  const document = () => createOpenApiDocument(api.hub) as Document;
  const proxyPath = '/v1/connections/{id}/proxy/{path}';

  it('spec: /request declares no path parameter', () => {
    const request = document().paths['/v1/connections/{id}/request']!.post;
    expect(request.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:id']);
  });

  it('spec: the proxy path parameter says %2F is read as a separator', () => {
    const path = document().paths[proxyPath]!.get.parameters.find((p: { name: string }) => p.name === 'path');
    expect(path.schema.description).toContain('`%2F` is read as `/`');
  });

  it('spec: proxy POST/PUT/PATCH declare a request body of any type', () => {
    const operations = document().paths[proxyPath]!;
    for (const method of ['post', 'put', 'patch']) {
      expect(operations[method].requestBody).toMatchObject({ required: false, content: { '*/*': { schema: {} } } });
      expect(operations[method].responses['413']).toBeDefined();
    }
    expect(operations.get.requestBody).toBeUndefined();
  });

  it('spec: HEAD through the proxy is described', () => {
    const head = document().paths[proxyPath]!.head;
    expect(head.operationId).toBe('proxyHead');
    expect(head.responses['200'].content).toBeUndefined();
  });

  it('spec: 409/429/502/504 are declared per route, not only under default', () => {
    const paths = document().paths;
    const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    for (const status of ['409', '429', '502', '504']) {
      expect(paths[proxyPath]!.get.responses[status]).toMatchObject(error);
      expect(paths['/v1/connections/{id}/request']!.post.responses[status]).toMatchObject(error);
      expect(paths['/v1/connections/{id}/refresh']!.post.responses[status]).toMatchObject(error);
    }
    expect(paths['/v1/webhooks']!.post.responses['409']).toMatchObject(error);
    expect(paths['/v1/connections']!.get.responses['409']).toBeUndefined();
    // Every keyed route answers 429 once failed authentications are throttled, with Retry-After.
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.security.length === 0) continue;
        expect(operation.responses['429']?.headers?.['Retry-After'], `${method} ${path}`).toBeDefined();
        expect(operation.responses['503'], `${method} ${path}`).toBeDefined();
      }
    }
    // The pages answer the provider's failures as pages.
    expect(paths['/oauth/callback']!.get.responses['502'].content['text/html']).toBeDefined();
    expect(paths['/connect/{id}']!.post.responses['429'].content['text/html']).toBeDefined();
  });

  it('fuzz finding: a body naming an unknown provider answers a declared 404', () => {
    const paths = document().paths;
    for (const [path, method] of [
      ['/v1/connections', 'post'],
      ['/v1/connect-sessions', 'post'],
      ['/v1/connections/callback', 'post'],
    ] as const) {
      expect(paths[path]![method].responses['404'], `${method} ${path}`).toBeDefined();
    }
  });

  it('fuzz finding: the MCP endpoint declares its SSE answers, its JSON-RPC body and errors', () => {
    const mcp = document().paths['/v1/mcp']!;
    expect(mcp.post.requestBody.content['application/json']).toBeDefined();
    expect(mcp.post.responses['200'].content['text/event-stream']).toBeDefined();
    for (const status of ['405', '406', '415']) {
      expect(mcp.get.responses[status].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/JsonRpcError',
      });
    }
    expect(mcp.post.responses['400'].content['application/json'].schema.anyOf).toHaveLength(2);
  });

  it('fuzz finding: the root declares the page it answers a browser', () => {
    expect(document().paths['/']!.get.responses['200'].content['text/html']).toBeDefined();
  });

  it("spec: every operation declares the HTTP server's own 408/414/431, as JSON", () => {
    for (const [path, operations] of Object.entries(document().paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const status of ['408', '414', '431']) {
          expect(operation.responses[status]?.content['application/json'], `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
  });

  it('spec: timestamps carry format: date-time', () => {
    const { schemas } = document().components;
    expect(schemas.Connection.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(JSON.stringify(schemas.Connection.properties.tokenExpiresAt)).toContain('"format":"date-time"');
  });

  it('spec: every operation declares a 2xx, but the chooser pick, whose success is a 303 (the lint rule is off for it)', () => {
    const without = Object.entries(document().paths).flatMap(([path, operations]) =>
      Object.entries(operations as Record<string, { responses: Record<string, unknown> }>)
        .filter(([, operation]) => !Object.keys(operation.responses).some((status) => status.startsWith('2')))
        .map(([method, operation]) => `${method} ${path} ${Object.keys(operation.responses).join(',')}`),
    );
    expect(without).toEqual([expect.stringMatching(/^post \/connect\/\{id\}\/choose 303,/)]);
  });

  it('spec: GET /connect/{id} declares its 400', () => {
    expect(document().paths['/connect/{id}']!.get.responses['400'].content['text/html']).toBeDefined();
  });

  it('spec: redocly lint (recommended rules) finds no problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document()));
      const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');
      const config = new URL('../redocly.yaml', import.meta.url).pathname;
      // Exits 1 on any error: the JSON report is still on stdout.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [cli, 'lint', file, '--config', config, '--format=json', '--lint-config=error'],
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] };
      expect(report.problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
