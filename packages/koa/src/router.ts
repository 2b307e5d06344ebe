import Router from '@koa/router';
import { type Hub, NotFoundError, parseOrThrow } from '@plugboard/core';
import type { Context } from 'koa';
import { authorize } from './auth.js';
import { readFormBody, readJsonBody } from './body.js';
import { errorMiddleware, toErrorResponse } from './errors.js';
import { setJsonBody } from './json-body.js';
import type { McpEndpoint } from './mcp/server.js';
import { createOpenApiDocument } from './openapi.js';
import { type ApiOptions, DEFAULT_BODY_LIMIT_BYTES } from './options.js';
import type { Reply, ReplyFn, Responses, Route, RouteEnv } from './route.js';
import { routes } from './routes/index.js';
import { assertSameOrigin } from './same-origin.js';

/** The name of the router's last route: the 404 answer for unknown paths under a prefix. */
export const NOT_FOUND_ROUTE = 'plugboard-not-found';

/** The HTTP API v1 as a Koa router, built from the route table; errors inside it answer with the error body. */
export function createRouter(hub: Hub, options: ApiOptions = {}): Router {
  let document: Record<string, unknown> | undefined;
  let mcp: Promise<McpEndpoint> | undefined;
  const logger = options.logger ?? hub.logger;
  const env: RouteEnv = {
    logger,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    openApiDocument: () => {
      document ??= createOpenApiDocument(hub);
      return document;
    },
    // The MCP SDK loads on the first agent call: a hub no agent uses does not carry it in memory.
    mcp: () => {
      mcp ??= import('./mcp/server.js').then((module) => module.createMcpEndpoint(hub, logger, options.mcp));
      return mcp;
    },
    metrics: options.metrics,
  };
  const router = new Router();
  // Every answer: a browser must not read one as another type than declared (a JSON string sniffed as HTML would
  // run on the hub's origin).
  router.use((ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    return next();
  });
  // Here as well as in createApp, so a host mounting only the router still gets the API's error answers.
  router.use(errorMiddleware(env.logger));
  for (const route of routes) {
    router.register(route.path, [route.method.toUpperCase()], (ctx) => run(route, hub, env, ctx as Context));
  }
  // Under a prefix (`.prefix('/integrations')`) the whole namespace is the API's, so an unknown path answers the
  // error body; at the root it passes on to the host's own middleware. Registered last: every route matches first.
  router.all(NOT_FOUND_ROUTE, '{/*rest}', (_ctx, next) => {
    if (!router.opts.prefix) return next();
    throw new NotFoundError('Route');
  });
  return router;
}

// Each route's handler sees this typed by its own responses (see ReplyFn); the table erases those types.
const makeReply = ((status: number, ...body: unknown[]): Reply => ({ status, body: body[0] })) as ReplyFn<Responses>;

async function run(route: Route, hub: Hub, env: RouteEnv, ctx: Context): Promise<void> {
  // The template, never the path: metrics label requests with it, and paths carry ids.
  ctx.state.routeTemplate = route.path;
  try {
    // Authenticate first: an anonymous caller's body is never read.
    const caller = await authorize(hub, ctx.get('Authorization'), route.access, ctx.req.socket.remoteAddress);
    const params = route.params && parseOrThrow(route.params, ctx.params, 'path parameters', 'params');
    const query = route.query && parseOrThrow(route.query, deepObjects(ctx.query), 'query', 'query');
    if (route.bodyType === 'form') assertSameOrigin(ctx, new URL(hub.publicUrl).origin);
    const read = route.bodyType === 'form' ? readFormBody : readJsonBody;
    const body =
      route.body && parseOrThrow(route.body, await read(ctx.req, env.bodyLimitBytes, ctx.request), 'body', 'body');
    const workspaceId =
      caller?.kind === 'workspace'
        ? caller.workspaceId
        : caller?.kind === 'agent'
          ? caller.grant.workspaceId
          : undefined;
    const reply = await route.handle({ hub, ctx, workspaceId, caller, params, query, body, reply: makeReply, env });
    if (!reply) return;
    const spec = route.responses[reply.status];
    if (!spec) throw new Error(`${route.operationId} answered ${reply.status}, a status it does not declare`);
    ctx.status = reply.status;
    ctx.set('Cache-Control', 'no-store');
    // Parsing with the response schema is what makes it an allow-list: undeclared fields are dropped here.
    if (spec.schema) setJsonBody(ctx, spec.schema.parse(reply.body));
  } catch (error) {
    if (!route.renderError) throw error;
    route.renderError(ctx, toErrorResponse(error, env.logger), hub);
  }
}

/**
 * Folds `name[key]=value` query parameters into `name: { key: value }` (OpenAPI's deepObject style), so a query
 * schema checks them as one object. A key given twice stays an array, and a `name` also given plainly is left
 * unfolded: the schema refuses both.
 */
export function deepObjects(query: Record<string, unknown>): Record<string, unknown> {
  const folded: Record<string, unknown> = {};
  const objects = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(query)) {
    const match = /^([A-Za-z]+)\[([^[\]]*)\]$/.exec(name);
    const outer = match?.[1];
    if (!outer || Object.hasOwn(query, outer)) {
      folded[name] = value;
      continue;
    }
    let object = objects.get(outer);
    if (!object) {
      // No prototype: a key named like one of Object's own (`__proto__`) is just a key.
      object = Object.create(null) as Record<string, unknown>;
      objects.set(outer, object);
      folded[outer] = object;
    }
    object[match[2]!] = value;
  }
  return folded;
}
