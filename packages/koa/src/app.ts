import type { Hub } from '@plugboard/core';
import { NotFoundError } from '@plugboard/core';
import Koa from 'koa';
import { errorMiddleware } from './errors.js';
import type { ApiOptions } from './options.js';
import { createRouter } from './router.js';

const PROBES = new Set(['/healthz', '/readyz']);

/** A Koa application serving the API: access log, error answers, the router, and 404 for everything else. */
export function createApp(hub: Hub, options: ApiOptions = {}): Koa {
  const logger = options.logger ?? hub.logger;
  const app = new Koa();
  // Replaces Koa's own stderr printing: what still reaches here (a stream failing mid-answer) goes to the logger.
  app.on('error', (error: unknown) => logger.error({ err: error }, 'response failed'));
  const metrics = options.metrics?.metrics;
  app.use(async (ctx, next) => {
    const started = performance.now();
    await next();
    const route = typeof ctx.state.routeTemplate === 'string' ? ctx.state.routeTemplate : 'unmatched';
    metrics?.observeRequest(route, ctx.method, ctx.status, (performance.now() - started) / 1000);
    // The route's template, never the path or query: query strings carry OAuth codes and states, and a connect
    // link's session id (`/connect/:id`) is the flow's only capability. Health probes come every few seconds: debug.
    const level = PROBES.has(ctx.path) ? 'debug' : 'info';
    logger[level](
      { method: ctx.method, path: route, status: ctx.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use(errorMiddleware(logger));
  app.use(createRouter(hub, options).routes());
  app.use(() => {
    throw new NotFoundError('Route');
  });
  return app;
}
