import type { CallbackResult } from '@plugboard/core';
import { escapeHtml, type Page } from '../html.js';

/** A page with one heading and one sentence (an error, or a result with nowhere to return to). */
export function messagePage(heading: string, message: string, note = ''): Page {
  return {
    title: heading,
    body: `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(message)}</p>${note ? `\n<p class="note">${escapeHtml(note)}</p>` : ''}`,
  };
}

/** The last page of a flow with no returnTo: what happened, in words. */
export function resultPage(result: CallbackResult, providerName: string): Page {
  if (!result.ok) return messagePage('Not connected', result.error.message, 'You can close this window.');
  // Without a name the account id means nothing to the user (for a typed-in key it is a random id).
  const { accountName } = result.connection;
  const message = accountName
    ? `${accountName} is connected to ${providerName}.`
    : `Your ${providerName} account is connected.`;
  return messagePage('Connected', message, 'You can close this window.');
}

/**
 * The last page of a popup flow: posts the outcome to the window that opened it, addressed to the session's
 * return origin only (a different opener never receives it), then closes. Without an opener it stays open.
 */
export function popupResultPage(result: CallbackResult, providerName: string, targetOrigin: string): Page {
  const message = result.ok
    ? { type: 'plugboard:connect', connectionId: result.connection.id }
    : { type: 'plugboard:connect', error: { code: result.error.code, message: result.error.message } };
  return {
    ...resultPage(result, providerName),
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
