import type { ErrorCode, Hub } from '@plugboard/core';
import { z } from 'zod';
import { STATUS_BY_CODE } from './errors.js';
import type { Route } from './route.js';
import { routes } from './routes/index.js';
import { apiSchemas, ErrorSchema } from './schemas/common.js';

type JsonSchema = Record<string, unknown>;

/** A Koa router path as an OpenAPI path: `:id` becomes `{id}`, an optional rest `{/*path}` becomes `/{path}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/\{\/\*(\w+)\}/g, '/{$1}').replace(/:(\w+)/g, '{$1}');
}

/** The OpenAPI 3.1 document of the API, generated from the route table and its zod schemas. */
export function createOpenApiDocument(hub: Hub): Record<string, unknown> {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[toOpenApiPath(route.path)] ??= {};
    paths[toOpenApiPath(route.path)]![route.method] = operation(route, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plugboard API',
      version: '1',
      description: 'Connect accounts at OAuth2 and API-key providers, keep their credentials safe, and use them.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: hub.publicUrl }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name, description: tagDescription(name) })),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The admin key (workspaces and keys) or a workspace API key (everything inside it).',
        },
      },
    },
  };
}

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  workspaces: 'Admin: workspaces, their API keys and branding.',
  providers: 'The providers loaded in the hub, and their own HTTP routes.',
  'oauth-apps': "A workspace's own OAuth clients.",
  connect: 'Connect flows: sessions, the hosted connect pages, the OAuth callback.',
  connections: 'Connected accounts: their credentials and actions.',
  webhooks: 'Lifecycle events delivered to your endpoints.',
  proxy: "Authenticated requests to a provider's API.",
  agents: 'The MCP endpoint for AI agents, and its tokens.',
  operations: 'Health, metrics and this document.',
};

function tagDescription(tag: string): string {
  const description = TAG_DESCRIPTIONS[tag];
  if (!description) throw new Error(`Tag "${tag}" has no description in the OpenAPI document`);
  return description;
}

function operation(route: Route, components: Components): Record<string, unknown> {
  const parameters = [
    ...parametersOf(route.params, 'path', components),
    ...parametersOf(route.query, 'query', components),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const mediaType = spec.mediaType ?? (spec.schema ? 'application/json' : undefined);
    responses[status] = {
      description: spec.description,
      ...(spec.headers && { headers: headersOf(spec.headers) }),
      ...(mediaType && {
        content: {
          [mediaType]: { schema: spec.schema ? components.convert(spec.schema, 'output') : {} },
          ...Object.fromEntries((spec.otherMediaTypes ?? []).map((other) => [other, { schema: {} }])),
        },
      }),
    };
  }
  // Every status the route's errors answer with, each declared on its own: a generated client types them.
  for (const [status, codes] of errorStatuses(route)) {
    const description = codes.map((code) => ERROR_MEANINGS[code]).join(' ');
    responses[status] ??= route.renderError
      ? // A route that renders its own errors (the callback, the connect pages) answers them as a page.
        { description: `An error page: ${description}`, content: { 'text/html': { schema: {} } } }
      : {
          description,
          ...(ERROR_HEADERS[status] && { headers: headersOf(ERROR_HEADERS[status]) }),
          content: { 'application/json': { schema: components.convert(ErrorSchema, 'output') } },
        };
  }
  // The hub's HTTP server answers these itself, for any path, before a route sees the request: always JSON.
  for (const code of SERVER_ERRORS) {
    responses[String(STATUS_BY_CODE[code])] ??= {
      description: `${ERROR_MEANINGS[code]} The hub's HTTP server answers it before any route.`,
      content: { 'application/json': { schema: components.convert(ErrorSchema, 'output') } },
    };
  }
  if (!route.renderError) {
    responses.default = {
      description: 'Any other error.',
      content: { 'application/json': { schema: components.convert(ErrorSchema, 'output') } },
    };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(typeof route.access === 'object' && {
      description: `Needs a workspace API key with the \`${route.access.scope}\` scope.`,
    }),
    ...(route.access === 'admin' && { description: 'Needs the admin key.' }),
    ...(route.access === 'agent' && {
      description: 'Needs a workspace API key with the `mcp` scope (and `ownerId`), or an MCP token.',
    }),
    tags: [route.tag],
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    ...(parameters.length > 0 && { parameters }),
    ...(route.body && {
      requestBody: {
        required: true,
        content: {
          [route.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: {
            schema: components.convert(route.body, 'input'),
          },
        },
      },
    }),
    ...(route.rawBody && {
      requestBody: {
        required: false,
        description: route.rawBody.description,
        content: { [route.rawBody.mediaType]: { schema: {} } },
      },
    }),
    responses,
  };
}

/** What the hub's HTTP server (`createApiServer`) may answer on any route, before the route sees the request. */
export const SERVER_ERRORS: readonly ErrorCode[] = ['request_timeout', 'url_too_long', 'headers_too_large'];

// What each error code tells a caller, in the description of the status it maps to.
const ERROR_MEANINGS: Readonly<Record<ErrorCode, string>> = {
  validation_error: 'Invalid input (`validation_error`).',
  unauthorized: 'Missing or invalid API key (`unauthorized`).',
  forbidden: 'The key may not use this route (`forbidden`).',
  not_found: 'Not found, or in another workspace (`not_found`).',
  conflict: 'The request conflicts with the current state (`conflict`).',
  invalid_state:
    'The state names no live connect session of this workspace: unknown, used or expired (`invalid_state`).',
  invalid_code: 'The provider refused the authorization code: wrong, expired or already used (`invalid_code`).',
  reauth_required: 'The connection needs the user to connect again (`reauth_required`).',
  request_timeout: 'The request did not arrive in time (`request_timeout`).',
  payload_too_large: 'The body is too large (`payload_too_large`).',
  url_too_long: 'The URL is longer than 32 KiB (`url_too_long`).',
  headers_too_large: 'The request line and headers are larger than 64 KiB (`headers_too_large`).',
  rate_limited: 'Too many requests, or too many failed authentications: wait as `Retry-After` says (`rate_limited`).',
  provider_error: 'The provider failed or answered something unusable (`provider_error`).',
  provider_timeout: 'The provider did not answer in time (`provider_timeout`).',
  database_unavailable: 'The database is unavailable; try again shortly (`database_unavailable`).',
  key_unavailable: 'A secret is encrypted with a key the hub no longer has (`key_unavailable`).',
  internal_error: "Something failed on the hub's side; it was logged (`internal_error`).",
};

const ERROR_HEADERS: Readonly<Record<string, Record<string, string>>> = {
  '401': { 'WWW-Authenticate': '`Bearer`.' },
  '429': { 'Retry-After': 'Seconds to wait before trying again.' },
  '503': { 'Retry-After': 'Seconds to wait before trying again.' },
};

/** Every status a route declares: its own answers and those of its errors, in order. */
export function declaredStatuses(route: Route): number[] {
  return [...new Set([...Object.keys(route.responses), ...errorStatuses(route).keys()].map(Number))].sort(
    (a, b) => a - b,
  );
}

// The error codes a route may answer with, by HTTP status: those of every route of its kind, and its own.
function errorStatuses(route: Route): Map<string, ErrorCode[]> {
  const codes = new Set<ErrorCode>();
  if (route.params || route.query || route.body) codes.add('validation_error');
  if (route.access !== 'public') {
    // Authentication reads the keys from the database, and throttles repeated failures.
    for (const code of ['unauthorized', 'forbidden', 'rate_limited', 'database_unavailable'] as const) codes.add(code);
  }
  if (route.params) codes.add('not_found');
  if (route.body || route.rawBody) codes.add('payload_too_large');
  for (const code of route.errors ?? []) codes.add(code);
  codes.add('internal_error');
  const byStatus = new Map<string, ErrorCode[]>();
  for (const code of codes) {
    const status = String(STATUS_BY_CODE[code]);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

function headersOf(headers: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
}

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query', components: Components) {
  if (!schema) return [];
  const json = components.convert(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    // OpenAPI requires every path parameter, even the optional rest of a provider's mount.
    required: where === 'path' || required.has(name),
    // An object in a query is spelled `name[key]=value`, as the router reads it.
    ...(property.type === 'object' && { style: 'deepObject', explode: true }),
    schema: property,
  }));
}

// Converts zod schemas to JSON Schema; the ones with an id in `apiSchemas` become shared components.
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const {
      $schema: _,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      metadata: apiSchemas,
      unrepresentable: 'any',
    }) as JsonSchema;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const component = relink(definition);
      const known = this.schemas[id];
      if (known && JSON.stringify(known) !== JSON.stringify(component)) {
        throw new Error(`Schema "${id}" converts differently in different places; give each its own id`);
      }
      this.schemas[id] = component;
    }
    return relink(json);
  }
}

function relink(json: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}
