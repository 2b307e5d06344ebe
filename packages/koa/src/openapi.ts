import type { Hub } from '@plugboard/core';
import { z } from 'zod';
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
    },
    servers: [{ url: hub.publicUrl }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
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
      ...(spec.headers && {
        headers: Object.fromEntries(
          Object.entries(spec.headers).map(([name, description]) => [
            name,
            { description, schema: { type: 'string' } },
          ]),
        ),
      }),
      ...(mediaType && {
        content: { [mediaType]: { schema: spec.schema ? components.convert(spec.schema, 'output') : {} } },
      }),
    };
  }
  // The JSON error answers every route may give; a route that renders its own (the callback) declares them itself.
  if (!route.renderError) {
    const error = (description: string) => ({
      description,
      content: { 'application/json': { schema: components.convert(ErrorSchema, 'output') } },
    });
    if (route.params || route.query || route.body) responses['400'] ??= error('Invalid input.');
    if (route.access !== 'public') {
      responses['401'] ??= error('Missing or invalid API key.');
      responses['403'] ??= error('The key may not use this route.');
    }
    if (route.params) responses['404'] ??= error('Not found (or in another workspace).');
    if (route.body) responses['413'] ??= error('The body is too large.');
    responses.default = error('Any other error.');
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
    responses,
  };
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
