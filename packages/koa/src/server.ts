import { createServer, type IncomingMessage, type RequestListener, type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorBody, errorHeaders, STATUS_BY_CODE, writeErrorAnswer } from './errors.js';

/**
 * Longest request target (path and query) the API reads: room for a proxied path of 8,000 characters with its
 * query, and for the OAuth callback's parameters (5,000 characters each). Longer ones answer 414.
 */
export const MAX_URL_LENGTH = 32 * 1024;

/**
 * Node's limit on a request's line and headers together, raised from its 16 KiB default so that a URL of
 * `MAX_URL_LENGTH` still fits beside ordinary headers. Larger ones answer 431.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

// How long a connection refused by the parser may stay open for its client to read the answer.
const LINGER_MS = 5_000;

/**
 * How long an idle keep-alive connection stays open: longer than clients and load balancers keep theirs (undici
 * 4 s, nginx 60 s, AWS ALB 60 s), so the client, not the hub, closes it. When the server closes first, a request
 * the client sends at that moment meets a reset (ECONNRESET, or a 502 from the proxy in front).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * An HTTP server for the API's request listener (`createRequestHandler`, or a listener wrapping it): room for the
 * documented URL lengths, and the JSON error body, never an empty answer, for what the listener never sees: a
 * URL over `MAX_URL_LENGTH` (414), a request line and headers over `MAX_HEADER_BYTES` (431), a request Node's
 * parser refuses (400) or one that took too long to arrive (408).
 */
export function createApiServer(listener: RequestListener<typeof IncomingMessage>): Server {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    if ((req.url?.length ?? 0) <= MAX_URL_LENGTH) {
      listener(req, res);
      return;
    }
    writeErrorAnswer(res, {
      status: STATUS_BY_CODE.url_too_long,
      body: { error: 'url_too_long', message: `The URL is longer than ${MAX_URL_LENGTH} characters.` },
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Node's advice: the headers timeout above the keep-alive timeout, or an idle connection may be cut as slow.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  server.on('clientError', answerClientError);
  return server;
}

// Node's own answers to these are bodiless; the codes are the ones its parser and timers give.
function refusal(code: string | undefined): ErrorBody {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      error: 'headers_too_large',
      message: `The request line and headers are larger than ${MAX_HEADER_BYTES} bytes.`,
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { error: 'request_timeout', message: 'The request did not arrive in time.' };
  }
  return { error: 'validation_error', message: 'The request is not valid HTTP/1.1.' };
}

function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // An answer under way on this connection (or a gone client) leaves nothing to say: as Node does, just close.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const body = refusal(error.code);
  const status = STATUS_BY_CODE[body.error];
  const json = JSON.stringify(body);
  const headers = {
    ...errorHeaders(status),
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  // Ended, not destroyed: closing with the client's input unread would reset the connection before it reads this.
  socket.setTimeout(LINGER_MS, () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${json}`);
}
