import { sendPage } from '../html.js';
import { homePage } from '../pages/home-page.js';
import { negotiate } from '../pages/i18n.js';
import { defineRoute } from '../route.js';
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
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'The OpenAPI document.', schema: OpenApiDocumentSchema } },
    handle: async ({ env, reply }) => reply(200, env.openApiDocument()),
  }),
];
