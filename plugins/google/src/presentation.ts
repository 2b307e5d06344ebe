import type { ScopeDescription } from '@plugboard/core';
import { googleScope as api } from './endpoints.js';

// Simple marks drawn for Plugboard (not Google's own artwork), one per product, sanitised by the hub at load.

/** Sign in with Google: a ring. */
export const GOOGLE_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Google"><rect width="48" height="48" rx="10" fill="#1a73e8"/><circle cx="24" cy="24" r="11" fill="none" stroke="#fff" stroke-width="5"/></svg>';

/** Gmail: an envelope. */
export const GMAIL_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Gmail"><rect width="48" height="48" rx="10" fill="#c5221f"/><path d="M11 16h26v17H11z" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round"/><path d="m11 16 13 10 13-10" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round"/></svg>';

/** Google Drive: a triangle. */
export const DRIVE_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Google Drive"><rect width="48" height="48" rx="10" fill="#188038"/><path d="M24 12 37 34H11z" fill="none" stroke="#fff" stroke-width="3.5" stroke-linejoin="round"/></svg>';

/** Google Analytics: rising bars. */
export const ANALYTICS_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Google Analytics"><rect width="48" height="48" rx="10" fill="#b06000"/><g fill="#fff"><rect x="12" y="27" width="6" height="9" rx="2"/><rect x="21" y="20" width="6" height="16" rx="2"/><rect x="30" y="12" width="6" height="24" rx="2"/></g></svg>';

/** Google's sign-in scopes and its products' common ones in plain words, for the connect page. */
export const GOOGLE_SCOPE_DESCRIPTIONS: Record<string, ScopeDescription> = {
  openid: { text: 'Know who you are on Google' },
  email: { text: 'See your email address' },
  profile: { text: 'See your name and profile picture' },
  [api('gmail.readonly')]: { text: 'Read your email and its settings', sensitive: true },
  [api('gmail.metadata')]: { text: 'See who your email is from and to, and its subjects', sensitive: true },
  [api('gmail.compose')]: { text: 'Write drafts and send email for you', sensitive: true },
  [api('gmail.send')]: { text: 'Send email for you', sensitive: true },
  [api('gmail.modify')]: { text: 'Read, send and organise your email', sensitive: true },
  'https://mail.google.com/': { text: 'Read, send and permanently delete all your email', sensitive: true },
  [api('drive.readonly')]: { text: 'See and download all your Google Drive files', sensitive: true },
  [api('drive.file')]: { text: 'See and change only the Drive files you open with the app' },
  [api('drive')]: { text: 'See, change and delete all your Google Drive files', sensitive: true },
  [api('analytics.readonly')]: { text: 'See your Google Analytics data' },
  [api('analytics.edit')]: { text: 'Change your Google Analytics settings', sensitive: true },
};
