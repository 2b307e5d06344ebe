import { sanitizeSvg } from '@plugboard/core';
import { startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPresetFactory } from '../src/api-key-factory.js';
import { apiKeyPresets } from '../src/api-key-presets.js';
import { contrastRatio, inkOn, MIN_CONTRAST, monogramOf, tileColor, tileLogo } from '../src/logo.js';
import { oauth2PresetFactory } from '../src/oauth2-factory.js';
import { oauth2Presets } from '../src/oauth2-presets.js';

const presets = [...oauth2Presets, ...apiKeyPresets];
const client = { clientId: 'client', clientSecret: 'secret' };

describe('drawn logos', () => {
  it('reads monograms from names, and measures contrast as WCAG 2 does', () => {
    expect(
      ['GitHub (personal access token)', 'pCloud', 'Zendesk Sell', 'Stripe', 'monday.com', 'Battle.net'].map(
        monogramOf,
      ),
    ).toEqual(['GH', 'pC', 'ZS', 'S', 'm', 'B']);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(inkOn('#ffd02f')).toBe('#1a1a1a');
    expect(inkOn('#0052cc')).toBe('#ffffff');
  });

  it('darkens only a mid-tone no ink reaches AA on, and only as far as white needs', () => {
    expect(tileColor('#0052cc')).toBe('#0052cc');
    expect(tileColor('#FFD02F')).toBe('#ffd02f');
    const darkened = tileColor('#e44332');
    expect(darkened).not.toBe('#e44332');
    expect(contrastRatio('#ffffff', darkened)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrastRatio('#ffffff', '#e44332')).toBeLessThan(MIN_CONTRAST);
  });

  it.each(presets.map((preset) => [preset.id, preset] as const))(
    '%s: brand colour, monogram, AA contrast, an SVG the sanitiser keeps byte for byte',
    (_id, preset) => {
      expect(preset.color).toMatch(/^#[0-9a-f]{6}$/);
      const letters = preset.monogram ?? monogramOf(preset.name);
      expect(letters).toMatch(/^[\p{L}\p{N}]{1,2}$/u);
      const tile = tileColor(preset.color);
      expect(contrastRatio(inkOn(tile), tile)).toBeGreaterThanOrEqual(MIN_CONTRAST);
      // A darkened tile stays the brand's shade: no channel loses more than a tenth.
      for (const start of [1, 3, 5]) {
        const [brand, drawn] = [preset.color, tile].map((color) => Number.parseInt(color.slice(start, start + 2), 16));
        expect(drawn).toBeGreaterThanOrEqual(Math.floor(brand! * 0.9));
      }
      const logo = tileLogo(preset);
      expect(sanitizeSvg(logo, preset.id)).toEqual({ svg: logo, removed: [] });
      expect(logo).toContain(`fill="${tile}"`);
      expect(logo).toContain(`fill="${inkOn(tile)}">${letters}</text>`);
      expect(logo).toContain(`aria-label="${preset.name}"`);
    },
  );
});

describe('scopes in plain words', () => {
  it.each(oauth2Presets.map((preset) => [preset.id, preset] as const))(
    '%s: every default scope has a short sentence',
    (_id, preset) => {
      const { default: scopes, descriptions } = preset.scopes;
      expect(scopes.filter((scope) => !descriptions[scope])).toEqual([]);
      expect(Object.keys(descriptions).sort()).toEqual([...scopes].sort());
      for (const [scope, { text }] of Object.entries(descriptions)) {
        // Written as the bundled providers' are: a capital, no full stop, one short line.
        expect(text, scope).toMatch(/^\p{Lu}[^\n]{4,98}[^.\s]$/u);
      }
    },
  );
});

describe('catalog providers as a hub loads and serves them', () => {
  let t: TestHub;
  const ownLogo =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><script>alert(1)</script><rect width="8" height="8" fill="#123456"/></svg>';

  beforeAll(async () => {
    t = await startTestHub((publicUrl) => [
      ...oauth2Presets.map((preset) => oauth2PresetFactory(preset)(client, { publicUrl })),
      ...apiKeyPresets.map((preset) => apiKeyPresetFactory(preset)({}, { publicUrl })),
      oauth2PresetFactory(oauth2Presets[0]!)(
        {
          ...client,
          logo: ownLogo,
          scopes: ['oauth', 'crm.objects.deals.read'],
          scopeDescriptions: { 'crm.objects.deals.read': { text: 'See your deals', sensitive: true } },
        },
        { publicUrl, id: 'own-logo' },
      ),
      apiKeyPresetFactory(apiKeyPresets[0]!)({ logo: ownLogo }, { publicUrl, id: 'own-logo-key' }),
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves every preset its drawn logo, unchanged by the sanitiser at load', async () => {
    const listed = t.expectStatus(await t.api('GET', '/v1/providers'), 200).json.data as Array<{
      id: string;
      logoUrl: string | null;
    }>;
    const logoUrls = new Map(listed.map((summary) => [summary.id, summary.logoUrl]));
    for (const preset of presets) {
      expect(t.hub.providers.get(preset.id).logo, preset.id).toBe(tileLogo(preset));
      const url = new URL(logoUrls.get(preset.id) ?? 'http://missing/');
      const served = await t.call('GET', `${url.pathname}${url.search}`);
      expect(`${served.status} ${served.headers.get('content-type')}`, preset.id).toBe('200 image/svg+xml');
      expect(served.text, preset.id).toBe(tileLogo(preset));
    }
  });

  it('lists every OAuth2 preset with its scopes in words, as checked at load', () => {
    const listed = new Map(t.hub.providers.list().map((summary) => [summary.id, summary.scopeDescriptions]));
    for (const preset of oauth2Presets) expect(listed.get(preset.id), preset.id).toEqual(preset.scopes.descriptions);
    expect(listed.get('own-logo')).toEqual({
      oauth: { text: 'Connect to your HubSpot account' },
      'crm.objects.contacts.read': { text: 'See your CRM contacts', sensitive: true },
      'crm.objects.deals.read': { text: 'See your deals', sensitive: true },
    });
  });

  it("takes a self-hoster's own logo instead, sanitised at load", () => {
    for (const id of ['own-logo', 'own-logo-key']) {
      const logo = t.hub.providers.get(id).logo;
      expect(logo, id).toContain('fill="#123456"');
      expect(logo, id).not.toContain('script');
    }
  });
});
