import type { z } from 'zod';
import { isPlugboardError, ProviderError, type ProviderErrorCode } from '../errors.js';
import type { ErrorClass, ProviderFetch } from './types.js';

/**
 * What the engine attaches to every fetch it hands a hook: whose it is and how its error answers are classified.
 * `Symbol.for`, so a plugin bundling its own copy of core still finds it.
 */
export const PROVIDER_FETCH_INFO: unique symbol = Symbol.for('plugboard.provider-fetch') as never;

/** The provider behind a hook's fetch. */
export interface ProviderFetchInfo {
  providerId: string;
  name: string;
  classifyError?: ((answer: { status: number; body: unknown }) => ErrorClass | undefined) | undefined;
}

/** Options of readProviderJson: the request's init, and what the call does (for the error message). */
export type ReadProviderJsonInit = RequestInit & {
  /** A few words for error messages, e.g. `look up the account`; default `call <path>`. */
  what?: string;
};

/**
 * Calls the provider's API with a hook's `fetch`, parses the JSON answer with `schema`, and turns failures into
 * ProviderErrors the way the token endpoint does: the plugin's `classifyError` first (it also sees 2xx answers,
 * for APIs that say `ok: false` with a 200), then 401 -> reauth_required, 429 -> rate_limited, anything else
 * -> provider_error; a timeout is provider_timeout, and a body the schema refuses is provider_error.
 */
export async function readProviderJson<S extends z.ZodType>(
  fetch: ProviderFetch,
  url: string,
  schema: S,
  init: ReadProviderJsonInit = {},
): Promise<z.output<S>> {
  const { what: whatGiven, ...requestInit } = init;
  const info = (fetch as { [PROVIDER_FETCH_INFO]?: ProviderFetchInfo })[PROVIDER_FETCH_INFO];
  const providerId = info?.providerId ?? '';
  const name = info?.name ?? 'The provider';
  const what = whatGiven ?? `call ${url}`;
  const headers = new Headers(requestInit.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(url, { ...requestInit, headers });
  } catch (error) {
    if (isPlugboardError(error)) throw error;
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new ProviderError(
      timedOut ? 'provider_timeout' : 'provider_error',
      providerId,
      `Could not ${what}: ${timedOut ? `${name} timed out` : (error as Error).message}.`,
      { cause: error },
    );
  }
  const text = await response.text().catch(() => '');
  const body = parseBody(text);
  const verdict = info?.classifyError?.({ status: response.status, body });
  if (!response.ok || verdict !== undefined) {
    const code = errorCode(verdict ?? defaultClass(response.status));
    const detail = errorDetail(body);
    throw new ProviderError(
      code,
      providerId,
      `Could not ${what}: ${name} answered ${response.status}${detail ? ` (${detail})` : ''}.`,
      { status: response.status },
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError('provider_error', providerId, `Could not ${what}: ${name} answered an unexpected body.`, {
      status: response.status,
    });
  }
  return parsed.data;
}

/** How an error answer is treated when the plugin's classifier says nothing. */
export function defaultClass(status: number): ErrorClass {
  if (status === 401) return 'reauth_required';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'retryable' : 'fatal';
}

function errorCode(verdict: ErrorClass): ProviderErrorCode {
  return verdict === 'reauth_required' || verdict === 'rate_limited' ? verdict : 'provider_error';
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// A provider's error code, never its free text: messages can quote the request (and so a token).
// `{ error: "invalid_token" }`, `{ error: { type|status, code } }` (Graph, Google), `{ error_type, code }`.
function errorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (codeLike(record.error)) return String(record.error);
  const source =
    typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const parts = [source.type ?? source.status ?? source.error_type, source.code].filter(codeLike).map(String);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function codeLike(value: unknown): boolean {
  return (
    (typeof value === 'string' && /^[\w.:-]{1,80}$/.test(value)) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
