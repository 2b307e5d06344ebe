import type { Credentials } from '@plugboard/core';

/**
 * True when the token may carry one of `scopes`. Google's consent screen lets the user untick scopes, and its
 * token response says which were granted; a token set that does not say is given the benefit of the doubt.
 */
export function grantedAny(credentials: Credentials, scopes: string[]): boolean {
  if (credentials.type !== 'oauth2' || credentials.scopes === undefined) return true;
  return scopes.some((scope) => credentials.scopes?.includes(scope));
}
