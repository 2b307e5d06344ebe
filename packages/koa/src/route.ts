import type { ApiKeyScope, ErrorCode, Hub } from '@plugboard/core';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { Access, Caller } from './auth.js';
import type { ErrorResponse } from './errors.js';
import type { McpEndpoint } from './mcp/server.js';
import type { MetricsOptions } from './metrics.js';
import type { Logger } from './options.js';

/** The HTTP methods routes are declared with (HEAD comes with GET; a route of its own describes it). */
export type HttpMethod = 'head' | 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/** One answer a route may give, as the OpenAPI document describes it. */
export interface ResponseSpec {
  description: string;
  /** The JSON body; every JSON answer is parsed with it, so undeclared fields never leave the server. */
  schema?: z.ZodType;
  /** Media type of an answer the handler writes itself (an HTML page, a provider's own response). */
  mediaType?: string;
  /** Other media types the same status may answer with (a page, for a browser), described without a schema. */
  otherMediaTypes?: string[];
  /** Response headers worth documenting, by name: their descriptions. */
  headers?: Record<string, string>;
}

/** A route's answers by status. */
export type Responses = Record<number, ResponseSpec>;

/** What the router gives every handler besides its parsed input. */
export interface RouteEnv {
  logger: Logger;
  bodyLimitBytes: number;
  openApiDocument(): Record<string, unknown>;
  /** The MCP endpoint, built on first use. */
  mcp(): Promise<McpEndpoint>;
  /** The Prometheus metrics, when the host turned them on. */
  metrics: MetricsOptions | undefined;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A handler's input: the request, already authorized and parsed by the route's schemas. */
export interface RouteInput<A extends Access, P, Q, B, R extends Responses = Responses> {
  hub: Hub;
  ctx: Context;
  /** The caller's workspace, from its key: never from the body, query or path. */
  workspaceId: A extends { scope: ApiKeyScope } | 'agent' ? string : undefined;
  /** Who is calling (null on public routes). */
  caller: Caller | null;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  reply: ReplyFn<R>;
  env: RouteEnv;
}

/** A JSON answer, made by a handler's `reply`. */
export interface Reply {
  status: number;
  body?: unknown;
}

/** Makes a reply with one of the route's declared statuses and a body its schema accepts. */
export type ReplyFn<R extends Responses> = <S extends keyof R & number>(
  status: S,
  ...body: R[S] extends { schema: infer Body extends z.ZodType } ? [body: z.input<Body>] : []
) => Reply;

/** What a route that calls a provider may also answer: the provider's failures, and a connection to reconnect. */
export const PROVIDER_ERRORS = ['reauth_required', 'rate_limited', 'provider_error', 'provider_timeout'] as const;

/** A route that may refresh a token first: also a conflict, when another process changed the connection meanwhile. */
export const REFRESH_ERRORS = [...PROVIDER_ERRORS, 'conflict'] as const;

/** A route: the one description both the router and the OpenAPI document are built from. */
export interface RouteSpec<
  A extends Access,
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
  R extends Responses,
> {
  method: HttpMethod;
  /** A Koa router path: `:name` parameters, `{/*name}` for an optional rest of the path. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * `form`: an `application/x-www-form-urlencoded` body, sent by one of the hub's own pages. Any site can make
   * a browser post a form, so such a route only accepts posts from the hub's own origin.
   */
  bodyType?: 'json' | 'form';
  /** A body the handler reads itself (the proxy's, any type; MCP's JSON-RPC): described, never parsed here. */
  rawBody?: { description: string; mediaType: string };
  responses: R;
  /**
   * The error codes this route answers besides those every route of its kind may give (bad input, auth, not
   * found, body size, the hub's own failures): the OpenAPI document declares a status for each.
   */
  errors?: readonly ErrorCode[];
  /** A JSON reply, or `undefined` when the handler wrote the answer itself (a redirect, a page, a stream). */
  handle(input: RouteInput<A, P, Q, B, R>): Promise<Reply | undefined>;
  /** How this route answers errors, when not with the JSON error body (the callback answers a browser). */
  renderError?(ctx: Context, error: ErrorResponse, hub: Hub): void;
}

/** A route of the table, its precise types erased: the router checks them at runtime with the same schemas. */
export type Route = RouteSpec<
  Access,
  z.ZodObject | undefined,
  z.ZodObject | undefined,
  z.ZodType | undefined,
  Responses
>;

/** Declares a route with its handler typed from its access, schemas and responses. */
export function defineRoute<
  A extends Access,
  R extends Responses,
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<A, P, Q, B, R>): Route {
  return spec as unknown as Route;
}
