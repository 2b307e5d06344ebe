import { type ErrorClass, ProviderError } from '@plugboard/core';

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

/** The `classifyError` of Slack: its Web API says `ok: false` with an error code, whatever the HTTP status. */
export function classifySlackError({ status, body }: { status: number; body: unknown }): ErrorClass | undefined {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as { ok?: unknown; error?: unknown };
  if (status === 429 || answer.error === 'ratelimited') return 'rate_limited';
  if (typeof answer.error === 'string' && REAUTH.has(answer.error)) return 'reauth_required';
  return answer.ok === false ? 'fatal' : undefined;
}

/** Turns one of Slack's `{ ok: false, error }` token answers (whatever its HTTP status) into a classified ProviderError. */
export function slackError(what: string, status: number, error: unknown): ProviderError {
  const answer = typeof error === 'string' && error !== '' ? error : `HTTP ${status}`;
  const message = `Could not ${what}: Slack answered ${answer}.`;
  const verdict = classifySlackError({ status, body: { ok: false, error } });
  const code = verdict === 'reauth_required' || verdict === 'rate_limited' ? verdict : 'provider_error';
  return new ProviderError(code, message, { status });
}
