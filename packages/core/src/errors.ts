import type { z } from 'zod';

/** Stable error codes; the HTTP layer maps each to one status in one place. */
export type ErrorCode =
  | 'validation_error'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'reauth_required'
  | 'payload_too_large'
  | 'rate_limited'
  | 'provider_error'
  | 'provider_timeout'
  | 'database_unavailable'
  | 'key_unavailable'
  | 'internal_error';

/** One problem with an input: where it is (`providers[2].options.clientId`) and what was expected. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** Every error Plugboard raises on purpose: a stable code, a sentence for humans, optional details. */
export class PlugboardError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, options?: { details?: ErrorDetail[]; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlugboardError';
    this.code = code;
    this.details = options?.details;
  }
}

/** Bad input: nothing was written. */
export class ValidationError extends PlugboardError {
  constructor(message: string, details?: ErrorDetail[]) {
    super('validation_error', message, details ? { details } : undefined);
    this.name = 'ValidationError';
  }
}

/** The thing does not exist, or belongs to another workspace (never told apart). */
export class NotFoundError extends PlugboardError {
  constructor(what: string) {
    super('not_found', `${what} was not found.`);
    this.name = 'NotFoundError';
  }
}

/** The provider answered badly, timed out, or refused the grant. */
export class ProviderError extends PlugboardError {
  readonly provider: string;
  readonly status: number | undefined;

  constructor(
    code: Extract<ErrorCode, 'provider_error' | 'provider_timeout' | 'reauth_required' | 'rate_limited'>,
    provider: string,
    message: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.status = options?.status;
  }
}

/** True for errors raised on purpose by Plugboard (anything else is a bug: internal_error). */
export function isPlugboardError(error: unknown): error is PlugboardError {
  return error instanceof PlugboardError;
}

/** Formats a zod path the way config and API errors print it: `providers[2].options.clientId`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns zod issues into error details, each naming its path. */
export function issuesToDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path, prefix) || '(root)',
    message: issue.message,
  }));
}

/** Parses `input` with `schema`, or throws a ValidationError whose details name each bad path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error, prefix);
  const first = details[0];
  throw new ValidationError(`Invalid ${what}${first ? `: ${first.path}: ${first.message}` : ''}.`, details);
}
