import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiKeyPresets } from '../src/api-key-presets.js';
import { oauth2Presets } from '../src/oauth2-presets.js';
import type { ApiKeyPreset, Category, OAuth2Preset } from '../src/types.js';

/** Where the generated page lives. */
export const PROVIDERS_DOC = fileURLToPath(new URL('../../../docs/providers.md', import.meta.url));

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function byCategory<T extends { category: Category; name: string }>(items: T[]): Array<[Category, T[]]> {
  const groups = new Map<Category, T[]>();
  for (const item of [...items].sort((a, b) => a.name.localeCompare(b.name))) {
    groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function oauth2Row(preset: OAuth2Preset): string {
  const traits = [
    preset.pkce === 'S256' ? 'PKCE' : 'no PKCE',
    `client auth ${preset.clientAuth}`,
    preset.scopes.separator && preset.scopes.separator !== ' ' ? `scopes joined by \`${preset.scopes.separator}\`` : '',
    preset.refreshTokens ? 'refresh' : 'no refresh',
    preset.revocationUrl ? 'revocation' : '',
    preset.account.from === 'tokenResponse'
      ? 'account from token response'
      : preset.account.method === 'POST'
        ? 'account by POST'
        : '',
  ].filter(Boolean);
  // A sensitive scope is one the connect page marks: it reaches private data or acts for the user.
  const scopes = preset.scopes.default.map(
    (scope) => `\`${scope}\`${preset.scopes.descriptions[scope]?.sensitive ? ' (sensitive)' : ''}`,
  );
  return `| \`${preset.id}\` | [${cell(preset.name)}](${preset.docs}) | ${cell(scopes.join(', ') || 'none')} | ${traits.join(', ')} | ${cell(preset.notes ?? '')} |`;
}

function apiKeyRow(preset: ApiKeyPreset): string {
  const placement =
    preset.key.type === 'bearer'
      ? '`Authorization: Bearer`'
      : preset.key.type === 'header'
        ? `\`${preset.key.name}\` header`
        : `HTTP Basic (key as ${preset.key.as})`;
  return `| \`${preset.id}\` | [${cell(preset.name)}](${preset.docs}) | ${placement} | \`GET ${preset.verify.path}\` | ${cell(preset.notes ?? '')} |`;
}

/** docs/providers.md, generated from the catalog's data (the drift test compares it with the file). */
export function renderProvidersDoc(): string {
  const lines = [
    '# Provider catalog',
    '',
    '<!-- Generated from plugins/catalog/src by `pnpm --filter @plugboard/provider-catalog docs`; do not edit. -->',
    '',
    `\`@plugboard/provider-catalog\` ships ${oauth2Presets.length} OAuth2 presets on the generic OAuth2 engine and ${apiKeyPresets.length} API-key presets. Each entry links the provider documentation it was taken from, and each is proven by a generated test against a fake configured from the entry (plugins/catalog/test).`,
    '',
    'Load one in `plugboard.yaml` by its id:',
    '',
    '```yaml',
    'providers:',
    '  - use: "@plugboard/provider-catalog"',
    '    provider: hubspot',
    '    options:',
    '      clientId: ${HUBSPOT_CLIENT_ID}',
    '      clientSecret: ${HUBSPOT_CLIENT_SECRET}',
    '```',
    '',
    "OAuth2 options: `clientId`, `clientSecret`, `scopes` (replaces the defaults), `authorizationParams` (merged over the preset's), `endpoints` (`authorizationUrl`, `tokenUrl`, `revocationUrl`, `accountUrl`, `apiBaseUrl`: another region, a self-hosted instance), `scopeDescriptions` (words for scopes you add with `scopes`, `{ scope: { text, sensitive? } }`) and `logo`. API-key options: `apiBaseUrl` and `logo`. The notes say where a provider needs more than the generic engine does (a per-tenant API host, an extra header on API calls).",
    '',
    "Logos: the connect pages and the chooser show each entry as a tile in the service's brand colour with its monogram in white or near-black, whichever contrasts more (at least 4.5:1, WCAG AA; a mid-tone brand colour is darkened a few percent until white reaches it). These tiles are drawn by the catalog, not the services' own artwork. `logo` replaces the tile with SVG text of your own, which the hub sanitises when it loads the provider.",
    '',
    'Scopes in plain words: every default scope of every OAuth2 entry has a short sentence the connect page shows ("See your CRM contacts"), the ones that reach private data or act for the user marked sensitive (in the tables below too); OpenID Connect\'s `openid`, `profile`, `email` and `offline_access` share one wording. A scope without words (one you add with `scopes` and do not describe in `scopeDescriptions`) is shown by its name.',
    '',
    '## OAuth2',
  ];
  for (const [category, presets] of byCategory(oauth2Presets)) {
    lines.push('', `### ${category}`, '', '| id | provider | default scopes | flow | notes |', '|---|---|---|---|---|');
    lines.push(...presets.map(oauth2Row));
  }
  lines.push('', '## API keys');
  for (const [category, presets] of byCategory(apiKeyPresets)) {
    lines.push(
      '',
      `### ${category}`,
      '',
      '| id | provider | key goes in | checked with | notes |',
      '|---|---|---|---|---|',
    );
    lines.push(...presets.map(apiKeyRow));
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(PROVIDERS_DOC, renderProvidersDoc());
}
