import type { AppAppearance } from '@plugboard/core';
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

/** The app's logo (from the hub's own origin) or its initial, then its name. */
export function brandHeader(app: AppAppearance, page: PageContext): string {
  const logo = app.logoVersion
    ? `<img class="logo" src="${escapeHtml(`${base(page.publicUrl)}/branding/${encodeURIComponent(app.workspaceId)}/logo?v=${app.logoVersion}`)}" alt="" width="48" height="48">`
    : `<span class="logo logo-initial" aria-hidden="true">${escapeHtml(initial(app.name))}</span>`;
  return `<div class="brand">${logo}<p class="brand-name">${escapeHtml(app.name)}</p></div>`;
}

/** The page's language, direction, and the app's colour and logo permission. */
export function shell(page: PageContext, app?: AppAppearance | null): Pick<Page, 'lang' | 'dir' | 'css' | 'images'> {
  return {
    lang: page.messages.locale,
    dir: page.messages.dir,
    css: app?.accentColor ? accentCss(app.accentColor) : undefined,
    images: Boolean(app?.logoVersion),
  };
}
