import type { IncomingMessage, RequestListener } from 'node:http';
import type { Hub, ProxyResponse } from '@plugboard/core';
import { createApp } from './app.js';
import { authorizeScope } from './auth.js';
import { toErrorResponse, writeErrorAnswer } from './errors.js';
import { type ApiOptions, DEFAULT_BODY_LIMIT_BYTES } from './options.js';
import { proxyCall, writeProxyAnswer } from './proxy-call.js';
import { holdTickShape } from './tick-shape.js';

// `/v1/connections/<id>/proxy` and the rest of the path, with the query apart.
const PROXY_ROUTE = '/v1/connections/:id/proxy{/*path}';
const PROXY_PATH = /^\/v1\/connections\/([A-Za-z0-9-]{1,128})\/proxy(\/[^?]*)?(\?.*)?$/;

/**
 * A Node request listener for the whole API. Proxied calls, the one route called at an app's own request rate,
 * take a direct path (same authorization, same engine call, same error answers) instead of going through Koa's
 * middleware and router; everything else is the Koa app.
 */
export function createRequestHandler(hub: Hub, options: ApiOptions = {}): RequestListener {
  const logger = options.logger ?? hub.logger;
  const app = createApp(hub, { ...options, bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES });
  const viaKoa = app.callback();
  const metrics = options.metrics?.metrics;
  holdTickShape();
  return (req, res) => {
    const match = PROXY_PATH.exec(req.url ?? '');
    if (!match) {
      viaKoa(req, res);
      return;
    }
    // An access line per proxied call is debug-level noise at an app's request rate; skip even building it.
    const logged = logger.isLevelEnabled('debug');
    const started = logged || metrics ? performance.now() : 0;
    if (metrics) {
      res.once('close', () =>
        metrics.observeRequest(PROXY_ROUTE, req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000),
      );
    }
    const method = req.method ?? 'GET';
    serveProxy(hub, req, match[1]!, match[2] ?? '', match[3] ?? '').then(
      (answer) => {
        writeProxyAnswer(res, method, answer);
        if (!logged) return;
        const ms = Math.round(performance.now() - started);
        logger.debug({ method, path: '/v1/connections/:id/proxy', status: res.statusCode, ms }, 'request');
      },
      (error: unknown) => {
        const answer = toErrorResponse(error, logger);
        if (res.headersSent) res.destroy();
        else writeErrorAnswer(res, answer);
      },
    );
  };
}

// A key this process resolved lately goes to the engine without a promise of its own; any other is authorized first.
function serveProxy(hub: Hub, req: IncomingMessage, id: string, rest: string, search: string): Promise<ProxyResponse> {
  try {
    const principal = authorizeScope(hub, req.headers.authorization ?? '', 'proxy', req.socket.remoteAddress);
    if (principal instanceof Promise) {
      return principal.then(({ workspaceId }) => proxyCall(hub, workspaceId, id, req, rest, search));
    }
    return proxyCall(hub, principal.workspaceId, id, req, rest, search);
  } catch (error) {
    return Promise.reject(error);
  }
}
