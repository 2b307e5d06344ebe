import type { CallbackResult, Hub } from '@plugboard/core';
import type { Context } from 'koa';
import { statusForCode } from './errors.js';
import { sendPage, setPageHeaders } from './html.js';
import { negotiate } from './pages/i18n.js';
import { popupResultPage, resultPage } from './pages/result-pages.js';

/**
 * Answers the end of a connect flow (OAuth callback or credentials form). A popup posts the outcome to its
 * opener; a page goes back to the session's returnTo; with neither, a result page says what happened.
 * The only return URL is the session's own, checked against the workspace's origins when the session was
 * created: nothing in the request can change it.
 */
export async function sendOutcome(ctx: Context, hub: Hub, result: CallbackResult): Promise<void> {
  const status = result.ok ? 200 : (statusForCode(result.error.code) ?? 400);
  const page = { messages: negotiate(ctx, result.locale), publicUrl: hub.publicUrl };
  const about = async () => ({
    app: await hub.branding.appearance(result.workspaceId),
    providerName: hub.providers.get(result.provider).name,
  });
  if (result.display === 'popup' && result.returnTo) {
    sendPage(ctx, status, popupResultPage(result, page, await about(), new URL(result.returnTo).origin));
    return;
  }
  if (result.returnTo) {
    const url = new URL(result.returnTo);
    if (result.ok) url.searchParams.set('connection_id', result.connection.id);
    else {
      url.searchParams.set('error', result.error.code);
      url.searchParams.set('error_description', result.error.message);
    }
    setPageHeaders(ctx);
    ctx.redirect(url.href);
    return;
  }
  sendPage(ctx, status, resultPage(result, page, await about()));
}
