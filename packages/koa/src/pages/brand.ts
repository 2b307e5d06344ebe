import type { AppAppearance, ProviderSummary } from '@plugboard/core';
import { escapeHtml, type Page } from '../html.js';
import { accentCss } from './accent.js';
import type { Messages } from './i18n.js';

/** What every page template needs besides its data: the language and where the hub lives. */
export interface PageContext {
  messages: Messages;
  publicUrl: string;
}

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** A name's first letter, the stand-in for a missing logo. */
export function initial(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? '?';
}

/** A logo from the hub's own origin, or the name's initial in a tile; decorative: the name is always written out. */
export function logo(src: string | null, name: string, kind: 'app' | 'provider'): string {
  return src
    ? `<img class="logo ${kind}-logo" src="${escapeHtml(src)}" alt="" width="48" height="48">`
    : `<span class="logo logo-initial ${kind}-logo" aria-hidden="true">${escapeHtml(initial(name))}</span>`;
}

const appLogoUrl = (app: AppAppearance, page: PageContext) =>
  app.logoVersion
    ? `${base(page.publicUrl)}/branding/${encodeURIComponent(app.workspaceId)}/logo?v=${app.logoVersion}`
    : null;

/**
 * The app's logo (from the hub's own origin) or its initial, then its name; with a provider (the connect page),
 * the provider's logo or initial after an arrow.
 */
export function brandHeader(app: AppAppearance, page: PageContext, provider?: ProviderSummary): string {
  const appMark = `${logo(appLogoUrl(app, page), app.name, 'app')}<p class="brand-name">${escapeHtml(app.name)}</p>`;
  const providerMark = provider
    ? `<span class="link-arrow" aria-hidden="true">→</span>${logo(provider.logoUrl, provider.name, 'provider')}<p class="brand-name">${escapeHtml(provider.name)}</p>`
    : '';
  return `<div class="brand">${appMark}${providerMark}</div>`;
}

/** The page's language, direction, and the app's colour; images from the hub's origin when a logo is shown. */
export function shell(
  page: PageContext,
  app?: AppAppearance | null,
  provider?: ProviderSummary,
): Pick<Page, 'lang' | 'dir' | 'css' | 'images'> {
  return {
    lang: page.messages.locale,
    dir: page.messages.dir,
    css: app?.accentColor ? accentCss(app.accentColor) : undefined,
    images: Boolean(app?.logoVersion || provider?.logoUrl),
  };
}
