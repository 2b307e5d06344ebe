import { defineRoute } from '../route.js';
import { HealthSchema, OpenApiDocumentSchema } from '../schemas/health.js';

/** Operations: liveness, readiness, and the API's own description. */
export const healthRoutes = [
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
