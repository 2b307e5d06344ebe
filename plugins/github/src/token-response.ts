import { ProviderError, type TokenResponseContext, type TokenSet } from '@plugboard/core';

/**
 * Reads GitHub's token endpoint answers. GitHub reports errors with HTTP 200 and `{ error, error_description }`,
 * so the status alone says nothing; `bad_refresh_token` (expired after six months, or already used: GitHub
 * rotates refresh tokens) means the user must connect again. Granted scopes come comma-separated.
 */
export function parseGitHubTokenResponse({ body, status, standard }: TokenResponseContext): TokenSet {
  if (typeof body.error === 'string' && body.error !== '') {
    const description = typeof body.error_description === 'string' ? ` (${body.error_description})` : '';
    const code = body.error === 'bad_refresh_token' ? 'reauth_required' : 'provider_error';
    throw new ProviderError(code, `GitHub refused the token request: ${body.error}${description}.`, {
      status,
    });
  }
  if (status >= 400 || !standard) {
    const code = status === 429 ? 'rate_limited' : 'provider_error';
    throw new ProviderError(code, `GitHub's token endpoint answered ${status} without a token.`, {
      status,
    });
  }
  return { ...standard, scopes: typeof body.scope === 'string' ? splitScopes(body.scope) : undefined };
}

function splitScopes(scope: string): string[] {
  return scope
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
