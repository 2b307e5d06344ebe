import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVIDERS_DOC, renderProvidersDoc } from '../scripts/providers-doc.js';
import { apiKeyPresets } from '../src/api-key-presets.js';
import { oauth2Presets } from '../src/oauth2-presets.js';

describe('docs/providers.md', () => {
  it('is what the catalog generates (run `pnpm --filter @plugboard/provider-catalog docs` after a change)', () => {
    expect(readFileSync(PROVIDERS_DOC, 'utf8')).toBe(renderProvidersDoc());
  });

  it('lists every preset with its documentation link', () => {
    const doc = renderProvidersDoc();
    for (const preset of [...oauth2Presets, ...apiKeyPresets]) {
      expect(doc).toContain(`| \`${preset.id}\` | [`);
      expect(doc).toContain(`](${preset.docs})`);
      expect(preset.docs).toMatch(/^https:\/\//);
    }
  });
});
