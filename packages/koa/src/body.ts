import type { IncomingMessage } from 'node:http';
import { PlugboardError, ValidationError } from '@plugboard/core';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

// True when the request declares a body (a length above zero, or a chunked one).
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Where a body parser in front of the API leaves what it read: `ctx.request` (`@koa/bodyparser`: `body` and
 * `rawBody`) or the Node request itself (Express: `req.body`).
 */
interface HostParsedBody {
  body?: unknown;
  rawBody?: unknown;
}

function asBytes(value: unknown, mediaType: string): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value);
  if (value === null || typeof value !== 'object') return undefined;
  if (mediaType === FORM_MEDIA_TYPE) {
    const form = new URLSearchParams();
    for (const [name, item] of Object.entries(value)) {
      for (const one of [item].flat()) form.append(name, String(one));
    }
    return Buffer.from(form.toString());
  }
  return JSON_MEDIA_TYPE.test(mediaType) ? Buffer.from(JSON.stringify(value)) : undefined;
}

/**
 * The body a host's parser already consumed, back as bytes: its raw text when it kept it, else the parsed value
 * re-encoded for its media type. A stream that was read and left nothing usable is a mounting mistake, said plainly
 * in the log (waiting on it would hang the request).
 */
function bodyReadByHost(req: IncomingMessage, host: object | undefined): Buffer {
  if (!hasBody(req)) return Buffer.alloc(0);
  const mediaType = mediaTypeOf(req);
  for (const source of [host, req] as Array<HostParsedBody | undefined>) {
    const bytes = asBytes(source?.rawBody, mediaType) ?? asBytes(source?.body, mediaType);
    if (bytes) return bytes;
  }
  throw new Error(
    'The request body was already read by a middleware in front of the Plugboard API, which left no body it can use ' +
      '(ctx.request.rawBody / ctx.request.body / req.body): mount Plugboard before that body parser, or have it keep the body.',
  );
}

/**
 * How much of an oversized body is still read, and dropped, before the 413 goes out: a client streaming its body
 * reads the answer instead of a reset (closing a socket with unread input makes the kernel answer RST, which can
 * discard the 413 before the client reads it). Past this, the connection is cut.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a request body into memory, at most `limit` bytes. A larger body answers 413: a declared length beyond
 * what may be drained at once, else once the bytes read pass the limit and the rest (up to `DRAIN_LIMIT_BYTES`)
 * was read and dropped; the answer asks the client to close the connection. When a host's body parser read the
 * stream first, its result is used instead (`host`: where Koa parsers leave it).
 */
export function readBody(req: IncomingMessage, limit: number, host?: object): Promise<Buffer> {
  const tooLarge = () =>
    new PlugboardError('payload_too_large', `The request body is larger than the limit of ${limit} bytes.`);
  const cutOff = limit + DRAIN_LIMIT_BYTES;
  if (Number(req.headers['content-length'] ?? 0) > cutOff) return Promise.reject(tooLarge());
  if (req.readableEnded) {
    try {
      const bytes = bodyReadByHost(req, host);
      return bytes.length > limit ? Promise.reject(tooLarge()) : Promise.resolve(bytes);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onFailure).off('close', onFailure);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > cutOff)
        settle(() => {
          req.pause();
          reject(tooLarge());
        });
    };
    const onEnd = () => settle(() => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks, size))));
    // An error or a close before the end: the client went away mid-body.
    const onFailure = () => settle(() => reject(new ValidationError('The request body was not received completely.')));
    req.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onFailure);
  });
}

/** Deepest nesting of arrays and objects a JSON body may have: deeper ones answer 400 before they are parsed. */
const MAX_JSON_DEPTH = 64;

// One pass over the text, outside strings, counting brackets: cheaper than parsing, and the parser (or a schema
// walking the result) never recurses past the limit.
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Reads a JSON body: `undefined` when there is none (the route's schema then says what was expected),
 * 400 for another media type or malformed JSON, 413 past `limit`.
 */
export async function readJsonBody(req: IncomingMessage, limit: number, host?: object): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const mediaType = mediaTypeOf(req);
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new ValidationError('The request body must be JSON (Content-Type: application/json).', [
      { path: 'headers.content-type', message: 'expected application/json' },
    ]);
  }
  const text = (await readBody(req, limit, host)).toString('utf8');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new ValidationError(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, [
      { path: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message quotes the input back: keep it out of the answer.
    throw new ValidationError('The request body is not valid JSON.', [{ path: 'body', message: 'malformed JSON' }]);
  }
}

/**
 * Reads a form body (what an HTML form posts) into a record of its fields, without a prototype (a field named
 * `__proto__` is a field like any other): `undefined` when there is none, 400 for another media type, 413 past
 * `limit`. A field sent twice becomes an array, which no schema of ours accepts: a form of the hub's never sends one.
 */
export async function readFormBody(req: IncomingMessage, limit: number, host?: object): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const mediaType = mediaTypeOf(req);
  if (mediaType !== FORM_MEDIA_TYPE) {
    throw new ValidationError(`The request body must be a form (Content-Type: ${FORM_MEDIA_TYPE}).`, [
      { path: 'headers.content-type', message: `expected ${FORM_MEDIA_TYPE}` },
    ]);
  }
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams((await readBody(req, limit, host)).toString('utf8'))) {
    const known = fields[name];
    fields[name] = known === undefined ? value : [known, value].flat();
  }
  return fields;
}
