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
      // HEAD comes with every GET; a layer without methods is middleware; the 404 fallback is no operation.
      if (layer.name === NOT_FOUND_ROUTE) continue;
      for (const method of layer.methods)
        if (method !== 'HEAD') registered.add(`${method} ${toOpenApiPath(String(layer.path))}`);
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
        'scopes',
        'shared',
        'status',
        'tokenExpiresAt',
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
