import type { ScopeDescription } from '@plugboard/core';

/** OpenID Connect's scopes, which mean the same at every provider; an entry words one its provider means otherwise. */
export const OIDC_SCOPE_WORDS: Record<string, ScopeDescription> = {
  openid: { text: 'Know who you are' },
  profile: { text: 'See your name and profile picture' },
  email: { text: 'See your email address' },
  offline_access: { text: 'Stay connected when you are not using the app' },
};

/** Microsoft Graph's delegated scopes the Microsoft 365 entries ask for. */
export const GRAPH_SCOPE_WORDS: Record<string, ScopeDescription> = {
  'User.Read': { text: 'Sign you in and see your profile' },
  'Mail.Read': { text: 'Read your email', sensitive: true },
  'Calendars.Read': { text: 'See your calendar events', sensitive: true },
  'Team.ReadBasic.All': { text: 'See the names and descriptions of your teams' },
  'Channel.ReadBasic.All': { text: 'See the names and descriptions of your channels' },
  'Files.Read': { text: 'Read your files', sensitive: true },
  'Files.ReadWrite': { text: 'Read, change and delete your files', sensitive: true },
  'Sites.Read.All': { text: 'Read the SharePoint sites, lists and files you can reach', sensitive: true },
  'Tasks.Read': { text: 'See your tasks and plans', sensitive: true },
  'Tasks.ReadWrite': { text: 'See, create, change and delete your tasks', sensitive: true },
  'Notes.Read': { text: 'Read your OneNote notebooks', sensitive: true },
};
