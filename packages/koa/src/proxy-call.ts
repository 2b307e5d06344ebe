import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hub, ProxyResponse } from '@plugboard/core';
import { readBody } from './body.js';

// Bodies a caller sends through the proxy (uploads) may be larger than API bodies; the engine checks its own cap.
const PROXY_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * Passes one request through the proxy: `rest` is the raw path after `/proxy` (never the router's decoded
 * parameter: `%2e%2e` must reach the engine's checks as it was sent; only `%2F` is read, as a separator), `search` the raw query with its `?`, `host`
 * where a Koa body parser in front may have left the body. A request without a body goes to the engine at once.
 */
export function proxyCall(
  hub: Hub,
  workspaceId: string,
  connectionId: string,
  req: IncomingMessage,
  rest: string,
  search: string,
  host?: object,
): Promise<ProxyResponse> {
  const method = req.method ?? 'GET';
  const forward = (body: Uint8Array | undefined) =>
    hub.proxy.forward(workspaceId, connectionId, {
      method,
      // Generated clients encode the slashes of a path parameter: `%2F` is a separator here, and the engine checks
      // the path as it reads after that (`..%2F` is `../`, refused like any dot segment).
      target: `${rest.replaceAll(/%2F/gi, '/') || '/'}${search}`,
      headers: req.headers,
      body,
      retry: req.headers['x-plugboard-retry'] === 'true',
    });
  if (method === 'GET' || method === 'HEAD') return forward(undefined);
  return readBody(req, PROXY_BODY_LIMIT_BYTES, host).then(forward);
}

/**
 * Writes the provider's answer straight to the socket: Koa's generic stream handling (a pipeline with its own
 * abort signal per response) costs more than the rest of a proxied request, and the headers are already filtered.
 */
export function writeProxyAnswer(res: ServerResponse, method: string, answer: ProxyResponse): void {
  // The flat list goes to the socket as it is, unless headers are already set (the router's nosniff): writeHead then
  // merges the pairs one by one, keeping only the last of a repeated name, so they are grouped by name first.
  res.writeHead(answer.status, res.getHeaderNames().length === 0 ? answer.headers : byName(answer.headers));
  if (method === 'HEAD') {
    answer.body.destroy();
    res.end();
    return;
  }
  // A body cut off at the size cap (or a provider that drops the connection) cuts the caller's connection too.
  answer.body.on('error', () => res.destroy());
  answer.body.pipe(res);
}

// Every value of a repeated header, under its one name.
function byName(flat: string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i]!;
    const known = headers[name];
    headers[name] = known === undefined ? flat[i + 1]! : [known, flat[i + 1]!].flat();
  }
  return headers;
}

/**
 * Headers (names lower-cased) and body of a request described as JSON: a string body goes as it is, any other
 * value as JSON (with a JSON content type unless the caller chose one).
 */
export function describedRequest(
  given: Record<string, string> | undefined,
  data: unknown,
): { headers: Record<string, string>; body: Uint8Array | undefined } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given ?? {})) headers[name.toLowerCase()] = value;
  if (typeof data === 'string') return { headers, body: Buffer.from(data) };
  if (data === undefined) return { headers, body: undefined };
  headers['content-type'] ??= 'application/json';
  return { headers, body: Buffer.from(JSON.stringify(data)) };
}
