import type { ScopeDescription } from '@plugboard/core';

/** GitHub's logo on the connect pages: a simple mark drawn for Plugboard (not the provider's own artwork), sanitised by the hub at load. */
export const GITHUB_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="GitHub"><rect width="48" height="48" rx="10" fill="#24292f"/><text x="24" y="31" text-anchor="middle" font-family="system-ui, sans-serif" font-size="18" font-weight="700" fill="#fff">GH</text></svg>';

/** GitHub's common scopes in plain words, for the connect page. */
export const GITHUB_SCOPE_DESCRIPTIONS: Record<string, ScopeDescription> = {
  'read:user': { text: 'See your GitHub profile' },
  'user:email': { text: 'See your email addresses' },
  'read:org': { text: 'See your organisations and teams' },
  public_repo: { text: 'Change your public repositories', sensitive: true },
  repo: { text: 'Read and change all your repositories, private ones too', sensitive: true },
  gist: { text: 'Create gists for you', sensitive: true },
  notifications: { text: 'Read your notifications' },
  workflow: { text: 'Change your GitHub Actions workflows', sensitive: true },
};
