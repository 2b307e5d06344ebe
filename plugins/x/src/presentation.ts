import type { ScopeDescription } from '@plugboard/core';

/** X's logo on the connect pages: a simple mark drawn for Plugboard (not the provider's own artwork), sanitised by the hub at load. */
export const X_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="X"><rect width="48" height="48" rx="10" fill="#000"/><path d="M15 14h6l12 20h-6z M33 14 15 34" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/></svg>';

/** X's scopes in plain words, for the connect page. */
export const X_SCOPE_DESCRIPTIONS: Record<string, ScopeDescription> = {
  'tweet.read': { text: 'Read posts, yours and others you can see' },
  'users.read': { text: 'See your profile and the profiles of others' },
  'offline.access': { text: 'Stay connected until you disconnect it' },
  'tweet.write': { text: 'Post and delete posts for you', sensitive: true },
  'like.read': { text: 'See the posts you liked' },
  'like.write': { text: 'Like and unlike posts for you', sensitive: true },
  'follows.read': { text: 'See who you follow and who follows you' },
  'dm.read': { text: 'Read your direct messages', sensitive: true },
};
