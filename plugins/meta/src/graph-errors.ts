import { ProviderError } from '@plugboard/core';

// Graph error codes: 190 (token invalid or expired) and 102 (session) need the user
// again; 4, 17, 32, 613 are rate limits (https://developers.facebook.com/docs/graph-api/guides/error-handling).
const REAUTH_CODES = new Set([102, 190]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

/**
 * Turns a Meta error answer into our error: Graph's `{ error: { message, type, code } }`, or the Instagram login
 * host's `{ error_type, code, error_message }`. Meta's message is kept out: it can quote the request.
 */
export function metaError(providerId: string, status: number, body: unknown, what: string): ProviderError {
  const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const graph =
    typeof error.error === 'object' && error.error !== null ? (error.error as Record<string, unknown>) : error;
  const code = Number(graph.code);
  const type =
    typeof graph.type === 'string' ? graph.type : typeof graph.error_type === 'string' ? graph.error_type : 'unknown';
  const summary = `Could not ${what}: Meta answered ${status} (${type}${Number.isFinite(code) ? ` ${code}` : ''}).`;
  if (REAUTH_CODES.has(code)) return new ProviderError('reauth_required', providerId, summary, { status });
  if (status === 429 || RATE_LIMIT_CODES.has(code))
    return new ProviderError('rate_limited', providerId, summary, { status });
  return new ProviderError('provider_error', providerId, summary, { status });
}

/** Reads a Graph answer as a JSON object, or throws the error it carries. */
export async function readGraph(
  providerId: string,
  response: Response,
  what: string,
): Promise<Record<string, unknown>> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok || typeof body !== 'object' || body === null || 'error' in body) {
    throw metaError(providerId, response.status, body, what);
  }
  return body as Record<string, unknown>;
}
