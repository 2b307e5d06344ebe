import type { ServerResponse } from 'node:http';
import { type ErrorCode, type ErrorDetail, isPlugboardError, RateLimitedError } from '@plugboard/core';
import type { Context, Middleware } from 'koa';
import { setJsonBody } from './json-body.js';
import type { Logger } from './options.js';

/** The one mapping from error code to HTTP status. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 400,
  invalid_code: 400,
  reauth_required: 409,
  request_timeout: 408,
  payload_too_large: 413,
  url_too_long: 414,
  headers_too_large: 431,
  rate_limited: 429,
  internal_error: 500,
  key_unavailable: 500,
  provider_error: 502,
  database_unavailable: 503,
  provider_timeout: 504,
};

/** Every error code the API answers with. */
export const ERROR_CODES = Object.keys(STATUS_BY_CODE) as [ErrorCode, ...ErrorCode[]];

/** The status for an error code, or undefined for a code that is not ours (an OAuth error like `access_denied`). */
export function statusForCode(code: string): number | undefined {
  return Object.hasOwn(STATUS_BY_CODE, code) ? STATUS_BY_CODE[code as ErrorCode] : undefined;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

/** An error as the API answers it. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Seconds to wait before trying again (a 429 answers it as Retry-After). */
  retryAfterSeconds?: number;
}

const GENERIC_MESSAGE = 'Something went wrong on our side; the error was logged.';

/**
 * Turns anything thrown into a status and an error body. Errors Plugboard did not raise on purpose are bugs:
 * they are logged and answered with a generic sentence, since their message may hold anything.
 */
export function toErrorResponse(error: unknown, logger: Logger): ErrorResponse {
  if (!isPlugboardError(error) || error.code === 'internal_error') {
    logger.error({ err: error }, 'request failed');
    return { status: 500, body: { error: 'internal_error', message: GENERIC_MESSAGE } };
  }
  const status = STATUS_BY_CODE[error.code];
  if (status >= 500) logger.warn({ err: error }, 'upstream failure');
  const body: ErrorBody = { error: error.code, message: error.message };
  // Rebuilt field by field: details are an allow-list too.
  if (error.details) body.details = error.details.map(({ path, message }) => ({ path, message }));
  return error instanceof RateLimitedError
    ? { status, body, retryAfterSeconds: error.retryAfterSeconds }
    : { status, body };
}

/** The headers every error answer carries besides its JSON body. */
export function errorHeaders(status: number, retryAfterSeconds?: number): Record<string, string> {
  const headers: Record<string, string> = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  // Only the database makes us answer 503, and it usually comes back within seconds.
  if (status === 503) headers['retry-after'] = '5';
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  // The rest of an oversized body (or the body of a request refused for its URL) may be left unread, so the
  // connection cannot carry another request.
  if (status === 413 || status === 414) headers.connection = 'close';
  return headers;
}

/** Writes an error answer straight to a Node response (the paths that bypass Koa). */
export function writeErrorAnswer(res: ServerResponse, { status, body, retryAfterSeconds }: ErrorResponse): void {
  res
    .writeHead(status, {
      ...errorHeaders(status, retryAfterSeconds),
      'content-type': 'application/json; charset=utf-8',
    })
    .end(JSON.stringify(body));
}

function sendError(ctx: Context, { status, body, retryAfterSeconds }: ErrorResponse): void {
  ctx.status = status;
  ctx.set(errorHeaders(status, retryAfterSeconds));
  setJsonBody(ctx, body);
}

/** Answers every error thrown downstream with the JSON error body. */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      sendError(ctx, toErrorResponse(error, logger));
    }
  };
}
