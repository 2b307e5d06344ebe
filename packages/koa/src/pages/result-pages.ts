import type { AppAppearance, CallbackResult } from '@plugboard/core';
import type { ErrorResponse } from '../errors.js';
import { escapeHtml, type Page } from '../html.js';
import { brandHeader, type PageContext, shell } from './brand.js';
import { type Html, strong } from './i18n.js';
import type { MessageKey } from './messages/en.js';

/** A page with one heading and a sentence or two, in the page's language, under the app's brand when known. */
export function messagePage(
  page: PageContext,
  content: {
    heading: MessageKey;
    text: MessageKey;
    values?: Record<string, string | Html>;
    note?: MessageKey | undefined;
    app?: AppAppearance | null | undefined;
    /** Shown folded, for whoever the user asks for help: the error's code and developer sentence. */
    details?: string | undefined;
  },
): Page {
  const m = page.messages;
  return {
    ...shell(page, content.app),
    title: m.text(content.heading),
    body: [
      content.app ? brandHeader(content.app, page) : '',
      `<h1>${m.html(content.heading)}</h1>`,
      `<p>${m.html(content.text, content.values)}</p>`,
      content.details
        ? `<details><summary>${m.html('supportDetails')}</summary><p><code>${escapeHtml(content.details)}</code></p></details>`
        : '',
      content.note ? `<p class="note">${m.html(content.note)}</p>` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

/** The last page of a flow with no returnTo: what happened, in words, for the app named on it. */
export function resultPage(result: CallbackResult, page: PageContext, about: ResultContext): Page {
  const values = { app: strong(about.app.name), provider: about.providerName };
  const common = { app: about.app, note: 'closeWindow' as const };
  if (!result.ok) {
    if (result.error.code === 'access_denied') {
      return messagePage(page, { ...common, heading: 'deniedTitle', text: 'deniedText', values });
    }
    return messagePage(page, {
      ...common,
      heading: 'failedTitle',
      text: 'failedText',
      values,
      details: `${result.error.code}: ${result.error.message}`,
    });
  }
  // Without a name the account id means nothing to the user (for a typed-in key it is a random id).
  const { accountName } = result.connection;
  return messagePage(page, {
    ...common,
    heading: 'connectedTitle',
    text: accountName ? 'connectedAccount' : 'connectedNoName',
    values: { ...values, account: strong(accountName ?? '') },
  });
}

/** Who the result is about: the app (workspace branding) and the provider's name. */
export interface ResultContext {
  app: AppAppearance;
  providerName: string;
}

/**
 * The page for an error raised before any session could be trusted (an unknown, used or expired link, a post
 * from another site): says which, in the user's words. `callback` pages were reached back from a provider,
 * `choice` pages by picking a provider on a chooser.
 */
export function errorPage(error: ErrorResponse, page: PageContext, reached: 'link' | 'callback' | 'choice'): Page {
  const reason = error.body.details?.find((detail) => detail.path === 'session')?.message;
  if (reached === 'choice') {
    const chosen = error.body.details?.some(
      (detail) => detail.path === 'provider' && detail.message === 'already chosen',
    );
    if (error.status === 409 && chosen)
      return messagePage(page, { heading: 'choiceTakenTitle', text: 'choiceTakenText' });
    if (error.status === 400) {
      return messagePage(page, {
        heading: 'choiceRefusedTitle',
        text: 'choiceRefusedText',
        details: `${error.body.error}: ${error.body.message}`,
      });
    }
  }
  if (error.status === 409 && reason === 'used')
    return messagePage(page, { heading: 'linkUsedTitle', text: 'linkUsedText' });
  if (error.status === 409 && reason === 'expired') {
    return messagePage(page, { heading: 'linkExpiredTitle', text: 'linkExpiredText' });
  }
  if (error.status === 403) return messagePage(page, { heading: 'crossSiteTitle', text: 'crossSiteText' });
  if (error.status >= 500) return messagePage(page, { heading: 'pageFailedTitle', text: 'pageFailedText' });
  if (reached === 'callback') {
    return messagePage(page, {
      heading: 'callbackFailedTitle',
      text: 'callbackFailedText',
      details: `${error.body.error}: ${error.body.message}`,
    });
  }
  return messagePage(page, { heading: 'linkUnknownTitle', text: 'linkUnknownText' });
}

/**
 * The last page of a popup flow: posts the outcome to the window that opened it, addressed to the session's
 * return origin only (a different opener never receives it), then closes. Without an opener it stays open.
 */
export function popupResultPage(
  result: CallbackResult,
  page: PageContext,
  about: ResultContext,
  targetOrigin: string,
): Page {
  const message = result.ok
    ? { type: 'plugboard:connect', connectionId: result.connection.id }
    : { type: 'plugboard:connect', error: { code: result.error.code, message: result.error.message } };
  return {
    ...resultPage(result, page, about),
    script: `if (window.opener) {
  window.opener.postMessage(${scriptJson(message)}, ${scriptJson(targetOrigin)});
  window.close();
}`,
  };
}

// JSON inside a <script>: nothing in it may end the element or break a JavaScript string.
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
