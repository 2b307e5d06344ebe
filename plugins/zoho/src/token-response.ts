import { ProviderError, type TokenResponseContext, type TokenSet } from '@plugboard/core';

// Zoho answers token errors with HTTP 200 and `{ "error": "invalid_code" }`; these mean the grant is gone.
const REAUTH_ERRORS = new Set(['invalid_code', 'invalid_token', 'invalid_grant']);

/** Reads Zoho's token response, turning its 200-with-`error` answers into errors the engine understands. */
export function parseZohoTokenResponse({ body, status, standard }: TokenResponseContext): TokenSet {
  const error = typeof body.error === 'string' ? body.error : undefined;
  if (error !== undefined || !standard) {
    const what = error ?? `HTTP ${status} without an access token`;
    if (error !== undefined && REAUTH_ERRORS.has(error)) {
      throw new ProviderError('reauth_required', `Zoho refused the grant: ${what}.`, { status });
    }
    if (status === 429 || error === 'Access Denied') {
      throw new ProviderError('rate_limited', 'Zoho is rate limiting token requests.', { status });
    }
    throw new ProviderError('provider_error', `Zoho's token endpoint answered ${what}.`, { status });
  }
  return standard;
}
