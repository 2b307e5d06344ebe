import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeRequest, FakeResponse } from './types.js';

/** Reads a whole node request into the recorded shape, parsing form and JSON bodies by content type. */
export async function readRequest(incoming: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const request: FakeRequest = {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers,
    body,
  };
  const type = headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) request.form = new URLSearchParams(body);
  if (/^application\/(.+\+)?json/.test(type)) {
    try {
      request.json = JSON.parse(body);
    } catch {
      // Left undefined: the endpoint answers invalid_request for a body it cannot read.
    }
  }
  return request;
}

/** Writes an answer: strings as they are (text/plain unless the answer says otherwise), anything else as JSON. */
export function writeResponse(res: ServerResponse, answer: FakeResponse): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  let payload: string | undefined;
  if (typeof answer.body === 'string') {
    payload = answer.body;
    headers['content-type'] = 'text/plain; charset=utf-8';
  } else if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers['content-type'] = 'application/json';
  }
  res.writeHead(answer.status ?? 200, { ...headers, ...answer.headers });
  res.end(payload);
}

/** An OAuth error answer (RFC 6749 section 5.2). */
export function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, body: { error, error_description: description } };
}
