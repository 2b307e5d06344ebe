import { ProviderError } from '@plugboard/core';

// Errors that mean the grant is gone and only the user can fix it. Slack answers most of them with HTTP 200
// and `ok: false`; `invalid_grant` covers a refresh answered the RFC 6749 way.
const REAUTH = new Set([
  'invalid_code',
  'invalid_refresh_token',
  'invalid_grant',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'invalid_auth',
]);

/** Turns one of Slack's `{ ok: false, error }` answers (whatever its HTTP status) into a classified ProviderError. */
export function slackError(providerId: string, what: string, status: number, error: unknown): ProviderError {
  const code = typeof error === 'string' && error !== '' ? error : `HTTP ${status}`;
  const message = `Could not ${what}: Slack answered ${code}.`;
  if (status === 429 || code === 'ratelimited')
    return new ProviderError('rate_limited', providerId, message, { status });
  if (REAUTH.has(code)) return new ProviderError('reauth_required', providerId, message, { status });
  return new ProviderError('provider_error', providerId, message, { status });
}
