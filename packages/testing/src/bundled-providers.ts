const client = '{ clientId: "id-123", clientSecret: "secret-456" }';
const meta = '{ appId: "id-123", appSecret: "secret-456" }';

/**
 * The `providers:` entries of a plugboard.yaml that configures every bundled plugin (made-up client
 * credentials), one line each: the bundled-plugins test loads them, the installed-build bench starts a hub with them.
 */
export const BUNDLED_PROVIDER_ENTRIES = [
  'use: "@plugboard/provider-sandbox"',
  `{ use: "@plugboard/provider-oauth2", id: acme, options: { issuer: "https://login.acme.example", clientId: a, clientSecret: b } }`,
  `{ use: "@plugboard/provider-google", provider: google, options: ${client} }`,
  `{ use: "@plugboard/provider-google", provider: gmail, options: ${client} }`,
  `{ use: "@plugboard/provider-google", provider: google-analytics, options: ${client} }`,
  `{ use: "@plugboard/provider-google", provider: google-drive, options: ${client} }`,
  `{ use: "@plugboard/provider-github", options: ${client} }`,
  `{ use: "@plugboard/provider-slack", options: ${client} }`,
  `{ use: "@plugboard/provider-notion", options: ${client} }`,
  `{ use: "@plugboard/provider-x", options: ${client} }`,
  `{ use: "@plugboard/provider-zoho", options: ${client} }`,
  `{ use: "@plugboard/provider-meta", provider: facebook-pages, options: ${meta} }`,
  `{ use: "@plugboard/provider-meta", provider: instagram, options: ${meta} }`,
  `{ use: "@plugboard/provider-catalog", provider: hubspot, options: ${client} }`,
  `{ use: "@plugboard/provider-catalog", provider: linear, id: team-linear, options: ${client} }`,
  `{ use: "@plugboard/provider-catalog", provider: stripe }`,
];

/** The provider ids those entries give, in order. */
export const BUNDLED_PROVIDER_IDS = [
  'sandbox',
  'acme',
  'google',
  'gmail',
  'google-analytics',
  'google-drive',
  'github',
  'slack',
  'notion',
  'x',
  'zoho',
  'facebook-pages',
  'instagram',
  'hubspot',
  'team-linear',
  'stripe',
];

/** The entries as YAML list items under `providers:`, plus any `extra` entries. */
export function bundledProvidersYaml(extra: string[] = []): string {
  return `providers:\n${[...BUNDLED_PROVIDER_ENTRIES, ...extra].map((entry) => `  - ${entry}\n`).join('')}`;
}
