/**
 * The connect pages' English text, the catalogue every other language translates key for key. `{name}` is
 * filled in (and escaped) by the page; nothing here is HTML.
 */
export const en = {
  connectKicker: 'Connect an account',
  wantsToUse: '{app} wants to use your {provider} account',
  keptSafe: '{app} gets access through Plugboard, which keeps it encrypted. You can disconnect at any time.',
  accessHeading: 'What {app} will be able to do',
  noScopes: '{provider} decides what access to give; you will see it there before you agree.',
  sensitive: 'sensitive',
  rawScopes: 'Technical names of this access',
  signInAt: 'You will sign in at {provider} and decide there whether to allow it.',
  continueTo: 'Continue to {provider}',
  formIntro: 'Enter your {provider} details. {provider} checks them before anything is saved.',
  noForm: '{provider} cannot be connected on this page: {app} sets it up for you.',
  connectButton: 'Connect',
  formNotSaved: 'Not connected yet',
  afterPopup: 'This window closes by itself when you are done.',
  afterReturn: 'Afterwards you go back to {origin}.',
  linkLifetimeOne: 'This link works once, for about a minute more.',
  linkLifetime: 'This link works once, for {minutes} more minutes.',
  connectedTitle: 'Connected',
  connectedAccount: 'Your {provider} account {account} is connected to {app}.',
  connectedNoName: 'Your {provider} account is connected to {app}.',
  closeWindow: 'You can close this window.',
  deniedTitle: 'You denied access',
  deniedText:
    'Nothing was connected: {app} cannot use your {provider} account. Changed your mind? Start again from {app}.',
  failedTitle: 'Not connected',
  failedText: '{provider} did not complete the connection, so nothing was saved. Try again from {app}.',
  supportDetails: 'Details for support',
  linkUsedTitle: 'This link was already used',
  linkUsedText: 'Each connect link works only once: ask the app for a new one.',
  linkExpiredTitle: 'This link has expired',
  linkExpiredText: 'Connect links work for a few minutes only: ask the app for a new one.',
  linkUnknownTitle: 'This link does not work',
  linkUnknownText: 'It may have been cut short when it was copied: ask the app for a new one.',
  crossSiteTitle: 'This form came from another site',
  crossSiteText: 'To keep your account safe nothing was sent. Go back to the app and start again.',
  callbackFailedTitle: 'The connection could not be finished',
  callbackFailedText: 'The answer from the sign-in page was incomplete. Go back to the app and start again.',
  pageFailedTitle: 'This page could not be shown',
  pageFailedText: 'Something went wrong on our side. Go back to the app and start again.',
  homeTitle: 'Plugboard',
  homeText:
    'This server connects apps to your accounts at other services. There is nothing to do here: an app sends you to its pages when you connect an account.',
  homeAdmin: 'Running this server? See the API description and the health check.',
  homeApi: 'API description',
  homeHealth: 'health check',
} as const;

/** A key of the connect pages' message catalogue. */
export type MessageKey = keyof typeof en;
