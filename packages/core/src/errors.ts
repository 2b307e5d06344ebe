import type { z } from 'zod';

/** Stable error codes; the HTTP layer maps each to one status in one place. */
export type ErrorCode =
  | 'validation_error'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'invalid_code'
  | 'reauth_required'
  | 'payload_too_large'
  | 'request_timeout'
  | 'url_too_long'
  | 'headers_too_large'
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

/**
 * The brand every Plugboard error carries. `Symbol.for` makes it the same symbol in every copy of core, so an
 * error thrown by a plugin that bundles its own copy is still recognised (and keeps its code) in the host.
 */
export const ERROR_BRAND: unique symbol = Symbol.for('plugboard.error') as never;

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
Object.defineProperty(PlugboardError.prototype, ERROR_BRAND, { value: true });
// `instanceof` goes by the brand (and, for the subclasses, the name), not by which copy of core made the class.
Object.defineProperty(PlugboardError, Symbol.hasInstance, {
  value(this: abstract new (...args: never[]) => unknown, value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!isPlugboardError(value)) return false;
    return this === PlugboardError || value.name === this.name;
  },
});

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

/** The codes a provider's failure can carry; each one's effect on the connection is in docs/plugin-authoring.md. */
export type ProviderErrorCode = Extract<
  ErrorCode,
  'provider_error' | 'provider_timeout' | 'reauth_required' | 'rate_limited'
>;

/** Options of a ProviderError: the provider's HTTP status, and what caused it. */
export interface ProviderErrorOptions {
  status?: number;
  cause?: unknown;
}

/**
 * The provider answered badly, timed out, or refused the grant. Plugins may leave out the provider id
 * (`new ProviderError(code, message, options)`): the engine sets it on errors thrown from hooks.
 */
export class ProviderError extends PlugboardError {
  /** The provider's id in the hub; '' until the engine sets it on an error a hook threw without one. */
  provider: string;
  readonly status: number | undefined;

  constructor(code: ProviderErrorCode, message: string, options?: ProviderErrorOptions);
  constructor(code: ProviderErrorCode, provider: string, message: string, options?: ProviderErrorOptions);
  constructor(
    code: ProviderErrorCode,
    first: string,
    second?: string | ProviderErrorOptions,
    third?: ProviderErrorOptions,
  ) {
    const withId = typeof second === 'string';
    const options = withId ? third : second;
    super(code, withId ? second : first, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = withId ? first : '';
    this.status = options?.status;
  }
}

/** Too many attempts: `retryAfterSeconds` says when to try again (the HTTP layer sends it as Retry-After). */
export class RateLimitedError extends PlugboardError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** True for errors raised on purpose by Plugboard, by any copy of core (anything else is a bug: internal_error). */
export function isPlugboardError(error: unknown): error is PlugboardError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [ERROR_BRAND]?: unknown })[ERROR_BRAND] === true &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * Names the provider on an error a plugin hook threw: a ProviderError without an id gets `providerId`. Answers
 * the error, so a catch block can `throw claimError(error, provider.id)`.
 */
export function claimError<E>(error: E, providerId: string): E {
  if (isPlugboardError(error) && (error as { provider?: unknown }).provider === '') {
    (error as unknown as { provider: string }).provider = providerId;
  }
  return error;
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
