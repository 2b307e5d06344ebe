import type { ErrorClass } from '@plugboard/core';

/**
 * X answers a used, revoked or expired refresh token (and a stale code) with `invalid_request` and
 * "Value passed for the token was invalid." instead of RFC 6749's `invalid_grant`; left to the default,
 * the engine would retry a dead grant with backoff forever instead of asking the user to reconnect.
 */
export function classifyXError({ body }: { status: number; body: unknown }): ErrorClass | undefined {
  const { error, error_description: description } = (body ?? {}) as { error?: unknown; error_description?: unknown };
  if (error === 'invalid_request' && typeof description === 'string' && /token was invalid/i.test(description)) {
    return 'reauth_required';
  }
  return undefined;
}
