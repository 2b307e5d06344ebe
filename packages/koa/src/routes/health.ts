import { NotFoundError, PlugboardError, secretsEqual } from '@plugboard/core';
import { sendPage } from '../html.js';
import { homePage } from '../pages/home-page.js';
import { negotiate } from '../pages/i18n.js';
import { defineRoute } from '../route.js';
import { ErrorSchema } from '../schemas/common.js';
import { HealthSchema, HomeSchema, OpenApiDocumentSchema } from '../schemas/health.js';

/** Operations: the root, liveness, readiness, and the API's own description. */
export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/',
    operationId: 'home',
    summary: 'The root: a short page for a browser (`Accept: text/html`), else where the API is described',
    tag: 'operations',
    access: 'public',
    responses: {
      200: {
        description: 'JSON for programs; browsers get a small HTML page saying what this server is.',
        schema: HomeSchema,
        otherMediaTypes: ['text/html'],
      },
    },
    handle: async ({ hub, ctx, reply }) => {
      ctx.vary('Accept');
      if (ctx.accepts('json', 'html') === 'html') {
        sendPage(ctx, 200, homePage({ messages: negotiate(ctx), publicUrl: hub.publicUrl }));
        return undefined;
      }
      return reply(200, { name: 'Plugboard', openapi: '/openapi.json', health: '/healthz' });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    summary: 'Liveness: the process answers',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'Alive.', schema: HealthSchema } },
    handle: async ({ reply }) => reply(200, { status: 'ok' }),
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    summary: 'Readiness: the database answers',
    tag: 'operations',
    access: 'public',
    responses: {
      200: { description: 'Ready.', schema: HealthSchema },
      503: { description: 'Not ready.', schema: HealthSchema },
    },
    handle: async ({ hub, env, reply }) => {
      const ready = await hub.ready().catch((error: unknown) => {
        env.logger.warn({ err: error }, 'readiness check failed');
        return false;
      });
      return ready ? reply(200, { status: 'ok' }) : reply(503, { status: 'unavailable' });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics (off unless the host turns them on; then behind their own bearer token if set)',
    tag: 'operations',
    access: 'public',
    responses: {
      200: { description: 'The Prometheus text exposition.', mediaType: 'text/plain; version=0.0.4' },
      401: { description: 'The metrics token is missing or wrong.', schema: ErrorSchema },
      404: { description: 'Metrics are off.', schema: ErrorSchema },
    },
    handle: async ({ hub, ctx, env }) => {
      const metrics = env.metrics;
      if (!metrics) throw new NotFoundError('Route');
      if (metrics.token !== undefined) {
        const bearer = /^Bearer +(\S+) *$/i.exec(ctx.get('Authorization'))?.[1] ?? '';
        if (!secretsEqual(bearer, metrics.token)) {
          throw new PlugboardError('unauthorized', 'Send the metrics token as `Authorization: Bearer <token>`.');
        }
      }
      const text = await metrics.metrics.render(hub);
      ctx.status = 200;
      ctx.type = metrics.metrics.registry.contentType;
      ctx.set('cache-control', 'no-store');
      ctx.body = text;
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'The OpenAPI document.', schema: OpenApiDocumentSchema } },
    handle: async ({ env, reply }) => reply(200, env.openApiDocument()),
  }),
];
