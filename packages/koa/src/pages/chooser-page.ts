import type { ConnectSessionView, ProviderSummary } from '@plugboard/core';
import { escapeHtml, type Page } from '../html.js';
import { brandHeader, logo, type PageContext, shell } from './brand.js';
import { afterwards, lifetime } from './connect-page.js';

/** From this many providers on, the chooser has a search box. */
export const SEARCH_FROM = 9;

/** Where the chooser's forms go: its own connect link (the search) and the link's `/choose` (the pick). */
export interface ChooserTargets {
  page: string;
  choose: string;
}

/**
 * The connect page of a session that offers several providers: each with its logo and name, as a button of one
 * form that posts the pick. A long list has a search box, a plain GET form the hub answers with the list
 * narrowed (`q`), so the page needs no script.
 */
export function chooserPage(view: ConnectSessionView, targets: ChooserTargets, page: PageContext, query = ''): Page {
  const { messages: m } = page;
  const app = view.app.name;
  const search = view.providers.length >= SEARCH_FROM;
  const wanted = search ? query.trim() : '';
  const shown = wanted ? view.providers.filter((provider) => matches(provider, wanted)) : view.providers;
  const buttons = shown.map(
    (provider) =>
      `<li><button class="choice" type="submit" name="provider" value="${escapeHtml(provider.id)}">${logo(provider.logoUrl, provider.name, 'provider')}<span>${escapeHtml(provider.name)}</span></button></li>`,
  );
  const base = shell(page, view.app);
  return {
    ...base,
    title: m.text('chooseHeading', { app }),
    images: base.images || shown.some((provider) => provider.logoUrl !== null),
    body: `${brandHeader(view.app, page)}
<p class="kicker">${m.html('connectKicker')}</p>
<h1>${m.html('chooseHeading', { app })}</h1>
<p>${m.html('chooseIntro', { app })}</p>
${search ? searchForm(targets.page, wanted, page) : ''}${wanted ? searchOutcome(shown.length, view.providers.length, wanted, targets.page, page) : ''}${
  shown.length > 0
    ? `<form method="post" action="${escapeHtml(targets.choose)}">
<ul class="choices" aria-label="${m.html('chooseListLabel')}">
${buttons.join('\n')}
</ul>
</form>`
    : ''
}
<p class="note">${afterwards(view, m)} ${lifetime(view.expiresAt, m)}</p>`,
    formAction: ["'self'"],
  };
}

function searchForm(action: string, query: string, page: PageContext): string {
  const m = page.messages;
  return `<form class="search" method="get" action="${escapeHtml(action)}" role="search">
<label for="search">${m.html('searchLabel')}</label>
<div class="search-row"><input id="search" name="q" type="search" maxlength="100" autocomplete="off" value="${escapeHtml(query)}"><button class="button secondary" type="submit">${m.html('searchButton')}</button></div>
</form>
`;
}

function searchOutcome(shown: number, total: number, query: string, all: string, page: PageContext): string {
  const m = page.messages;
  const said =
    shown === 0
      ? m.html('searchNoMatch', { query })
      : m.html('searchShowing', { shown: String(shown), total: String(total), query });
  return `<p role="status">${said} <a href="${escapeHtml(all)}">${m.html('searchShowAll')}</a></p>
`;
}

// Case- and width-insensitive, on the name a user reads and the id an app may have told them.
function matches(provider: ProviderSummary, query: string): boolean {
  const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase();
  const wanted = fold(query);
  return fold(provider.name).includes(wanted) || fold(provider.id).includes(wanted);
}
