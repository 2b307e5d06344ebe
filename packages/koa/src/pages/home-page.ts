import { escapeHtml, type Page } from '../html.js';
import type { PageContext } from './brand.js';
import { shell } from './brand.js';

/** The hub's root, for a person who opens it in a browser: what this server is, and where its API is described. */
export function homePage(page: PageContext): Page {
  const m = page.messages;
  const base = escapeHtml(page.publicUrl.replace(/\/+$/, ''));
  return {
    ...shell(page),
    title: m.text('homeTitle'),
    body: `<h1>${m.html('homeTitle')}</h1>
<p>${m.html('homeText')}</p>
<p class="note">${m.html('homeAdmin')}</p>
<ul class="note">
<li><a href="${base}/openapi.json">${m.html('homeApi')}</a></li>
<li><a href="${base}/healthz">${m.html('homeHealth')}</a></li>
</ul>`,
  };
}
