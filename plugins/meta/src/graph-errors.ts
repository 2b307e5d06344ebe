import { type ErrorClass, ProviderError } from '@plugboard/core';

// Graph error codes: 190 (token invalid or expired) and 102 (session) need the user
// again; 4, 17, 32, 613 are rate limits (https://developers.facebook.com/docs/graph-api/guides/error-handling).
const REAUTH_CODES = new Set([102, 190]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

// Graph's `{ error: { message, type, code } }`, or the Instagram login host's `{ error_type, code, error_message }`.
function graphError(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = body as Record<string, unknown>;
  if (typeof error.error === 'object' && error.error !== null) return error.error as Record<string, unknown>;
  return 'error_type' in error ? error : undefined;
}

/**
 * The `classifyError` of every Meta provider: Graph error codes decide (even on a 200, which Graph sometimes
 * answers with an error body); an answer without one is left to the defaults.
 */
export function classifyMetaError({ status, body }: { status: number; body: unknown }): ErrorClass | undefined {
  const error = graphError(body);
  if (!error) return undefined;
  const code = Number(error.code);
  if (REAUTH_CODES.has(code)) return 'reauth_required';
  if (status === 429 || RATE_LIMIT_CODES.has(code)) return 'rate_limited';
  return 'fatal';
}

/**
 * Turns a token answer without a token into our error (token answers reach `parseTokenResponse` unclassified).
 * Meta's message is kept out: it can quote the request.
 */
export function metaError(status: number, body: unknown, what: string): ProviderError {
  const error = graphError(body) ?? {};
  const code = Number(error.code);
  const type =
    typeof error.type === 'string' ? error.type : typeof error.error_type === 'string' ? error.error_type : 'unknown';
  const summary = `Could not ${what}: Meta answered ${status} (${type}${Number.isFinite(code) ? ` ${code}` : ''}).`;
  const verdict = classifyMetaError({ status, body }) ?? (status === 429 ? 'rate_limited' : undefined);
  const codeOf = verdict === 'reauth_required' || verdict === 'rate_limited' ? verdict : 'provider_error';
  return new ProviderError(codeOf, summary, { status });
}
