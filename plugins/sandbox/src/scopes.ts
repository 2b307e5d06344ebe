import type { ScopeDescription } from '@plugboard/core';

/** The scopes the sandbox knows, each with what it lets the app do, in plain words (its consent page and the hub's). */
export const SCOPE_DESCRIPTIONS: Readonly<Record<string, ScopeDescription>> = {
  profile: { text: 'See your account name, account id and email address' },
  'items:read': { text: 'Read your items', sensitive: true },
};

/** What a client gets when it asks for no scope. */
export const DEFAULT_SCOPES = ['profile', 'items:read'];

/** The scopes in a space-separated `scope` parameter (the defaults when it names none); undefined when one is unknown. */
export function parseScopes(value: string | undefined): string[] | undefined {
  const scopes = [...new Set((value ?? '').split(' ').filter(Boolean))];
  if (scopes.length === 0) return [...DEFAULT_SCOPES];
  return scopes.every((scope) => Object.hasOwn(SCOPE_DESCRIPTIONS, scope)) ? scopes : undefined;
}
