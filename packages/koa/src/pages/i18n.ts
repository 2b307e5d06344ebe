import type { Context } from 'koa';
import { escapeHtml } from '../html.js';
import { ar } from './messages/ar.js';
import { de } from './messages/de.js';
import { en, type MessageKey } from './messages/en.js';
import { es } from './messages/es.js';
import { fr } from './messages/fr.js';
import { ja } from './messages/ja.js';

/** A language's messages: every key of the English catalogue. */
export type Catalogue = Record<MessageKey, string>;

const CATALOGUES: Record<string, Catalogue> = { en, de, fr, es, ja, ar };

// Scripts written right to left: a catalogue in one of these languages gets `dir="rtl"`.
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** The languages the connect pages speak, English first (the fallback). */
export const LOCALES = Object.keys(CATALOGUES);

/** Markup a message may carry in a placeholder (a name in bold): made by `strong`, never from raw input. */
export interface Html {
  readonly html: string;
}

/** A value shown in bold. */
export const strong = (text: string): Html => ({ html: `<strong>${escapeHtml(text)}</strong>` });

/** The messages of one language. */
export interface Messages {
  locale: string;
  dir: 'ltr' | 'rtl';
  /** A message as HTML: its text and plain values escaped, `Html` values kept as they are. */
  html(key: MessageKey, values?: Record<string, string | Html>): string;
  /** A message as plain text (a title, which the page escapes). */
  text(key: MessageKey, values?: Record<string, string>): string;
}

const fill = (template: string, value: (name: string) => string | undefined) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => value(name) ?? whole);

/** The messages of `locale` (a supported one; anything else gets English). */
export function messagesFor(locale: string): Messages {
  const catalogue = CATALOGUES[locale] ?? en;
  const known = CATALOGUES[locale] ? locale : 'en';
  return {
    locale: known,
    dir: RTL.has(known.split('-')[0]!) ? 'rtl' : 'ltr',
    html: (key, values = {}) =>
      fill(escapeHtml(catalogue[key]), (name) => {
        const value = values[name];
        return typeof value === 'string' ? escapeHtml(value) : value?.html;
      }),
    text: (key, values = {}) => fill(catalogue[key], (name) => values[name]),
  };
}

/** The supported language a tag names: itself, or its primary language (`de-AT` is `de`); undefined otherwise. */
export function supportedLocale(tag: string): string | undefined {
  const lower = tag.toLowerCase();
  return LOCALES.find((locale) => locale === lower) ?? LOCALES.find((locale) => locale === lower.split('-')[0]);
}

/** The page's language: the session's when the pages speak it, else the browser's `Accept-Language`. */
export function negotiate(ctx: Context, preferred?: string | null): Messages {
  const chosen = preferred ? supportedLocale(preferred) : undefined;
  if (chosen) return messagesFor(chosen);
  const accepted = ctx.acceptsLanguages(...LOCALES);
  return messagesFor(typeof accepted === 'string' ? accepted : 'en');
}
