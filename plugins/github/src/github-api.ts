import { ProviderError, type ProviderFetch } from '@plugboard/core';
import type { z } from 'zod';

/** GETs a GitHub REST resource with the connection's token and parses it with `schema`; GitHub's errors become ours. */
export async function getGitHubJson<T>(
  fetch: ProviderFetch,
  target: string,
  schema: z.ZodType<T>,
  providerId: string,
): Promise<T> {
  const response = await fetch(target);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw gitHubError(providerId, response.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError('provider_error', providerId, `GitHub answered ${target} with an unexpected body.`);
  }
  return parsed.data;
}

// GitHub's error body is `{ message, documentation_url }`; a primary rate limit is a 403 that says so.
function gitHubError(providerId: string, status: number, body: unknown): ProviderError {
  const message = (body as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' ? message : '';
  const code =
    status === 401
      ? 'reauth_required'
      : status === 429 || (status === 403 && /rate limit/i.test(text))
        ? 'rate_limited'
        : 'provider_error';
  return new ProviderError(code, providerId, `GitHub answered ${status}${text ? `: ${text}` : ''}`, { status });
}
