import type { ScopeDescription } from '@plugboard/core';

/** Zoho's logo on the connect pages: a simple mark drawn for Plugboard (not the provider's own artwork), sanitised by the hub at load. */
export const ZOHO_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="Zoho"><rect width="48" height="48" rx="10" fill="#c8202f"/><text x="24" y="31" text-anchor="middle" font-family="system-ui, sans-serif" font-size="24" font-weight="700" fill="#fff">Z</text></svg>';

/** Zoho CRM's common scopes in plain words, for the connect page. */
export const ZOHO_SCOPE_DESCRIPTIONS: Record<string, ScopeDescription> = {
  'ZohoCRM.org.READ': { text: "See your CRM organisation's name and settings" },
  'ZohoCRM.users.READ': { text: 'See the users of your CRM organisation' },
  'ZohoCRM.modules.READ': { text: 'Read your CRM records', sensitive: true },
  'ZohoCRM.modules.ALL': { text: 'Read, change and delete your CRM records', sensitive: true },
  'ZohoCRM.settings.READ': { text: 'See how your CRM is set up' },
};
