import type { ErrorClass } from '@plugboard/core';

/** GitHub's primary rate limit is a 403 whose `message` says so (a secondary one is a 429, classified by default). */
export function classifyGitHubError({ status, body }: { status: number; body: unknown }): ErrorClass | undefined {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (status === 403 && typeof message === 'string' && /rate limit/i.test(message)) return 'rate_limited';
  return undefined;
}
