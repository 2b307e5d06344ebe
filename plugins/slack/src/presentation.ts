import type { ScopeDescription } from '@plugboard/core';

/** Slack's logo on the connect pages: a simple mark drawn for Plugboard (not the provider's own artwork), sanitised by the hub at load. */
export const SLACK_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Slack"><rect width="48" height="48" rx="10" fill="#4a154b"/><g fill="#fff"><rect x="12" y="20" width="24" height="8" rx="4"/><rect x="20" y="12" width="8" height="24" rx="4"/></g></svg>';

/** Slack's common bot scopes in plain words, for the connect page. */
export const SLACK_SCOPE_DESCRIPTIONS: Record<string, ScopeDescription> = {
  'chat:write': { text: 'Post messages in the channels it is added to' },
  'channels:read': { text: 'See the public channels of your workspace' },
  'channels:history': { text: 'Read messages in public channels it is added to', sensitive: true },
  'groups:read': { text: 'See the private channels it is added to' },
  'groups:history': { text: 'Read messages in private channels it is added to', sensitive: true },
  'im:history': { text: 'Read its direct messages', sensitive: true },
  'users:read': { text: 'See the people in your workspace' },
  'users:read.email': { text: "See the email addresses of your workspace's people", sensitive: true },
  'team:read': { text: "See your workspace's name and domain" },
};
