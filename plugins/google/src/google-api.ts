import { ProviderError, type ProviderFetch } from '@plugboard/core';
import type { z } from 'zod';

/** Google's JSON error body: `{ error: { code, message, status } }`. */
interface GoogleErrorBody {
  error?: { message?: unknown; status?: unknown };
}

/** GETs a Google API resource with the connection's token and parses it with `schema`; Google's errors become ours. */
export async function getGoogleJson<T>(
  fetch: ProviderFetch,
  target: string,
  schema: z.ZodType<T>,
  providerId: string,
): Promise<T> {
  const response = await fetch(target, { headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw googleError(providerId, response.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError('provider_error', providerId, `Google answered ${target} with an unexpected body.`);
  }
  return parsed.data;
}

/** Turns one of Google's error answers into a classified ProviderError. */
export function googleError(providerId: string, status: number, body: unknown): ProviderError {
  const error = (body as GoogleErrorBody | undefined)?.error;
  const detail = typeof error?.message === 'string' ? `: ${error.message}` : '';
  const reason = typeof error?.status === 'string' ? ` ${error.status}` : '';
  const code = status === 401 ? 'reauth_required' : status === 429 ? 'rate_limited' : 'provider_error';
  return new ProviderError(code, providerId, `Google answered ${status}${reason}${detail}`, { status });
}
