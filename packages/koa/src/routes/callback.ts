import type { CallbackResult } from '@plugboard/core';
import type { Context } from 'koa';
import { statusForCode } from '../errors.js';
import { sendPage, setPageHeaders } from '../html.js';
import { defineRoute } from '../route.js';
import { CallbackQuerySchema } from '../schemas/callback.js';

/** The public OAuth callback: a browser arrives here from the provider's consent page. */
export const callbackRoutes = [
  defineRoute({
    method: 'get',
    path: '/oauth/callback',
    operationId: 'oauthCallback',
    summary: "Complete a connect flow (the provider's redirect target)",
    tag: 'connect',
    access: 'public',
    query: CallbackQuerySchema,
    responses: {
      200: { description: 'A result page, when the session has no returnTo.', mediaType: 'text/html' },
      302: {
        description: "Back to the session's returnTo, with `connection_id`, or `error` and `error_description`.",
        headers: { Location: "The session's returnTo with the outcome in its query." },
      },
      400: { description: 'An error page: the callback is invalid or the provider refused.', mediaType: 'text/html' },
      404: { description: 'An error page: no connect session has this state.', mediaType: 'text/html' },
      409: { description: 'An error page: the session was already used or has expired.', mediaType: 'text/html' },
    },
    handle: async ({ hub, ctx, query }) => {
      answer(ctx, await hub.completeCallback(query));
      return undefined;
    },
    // Without a valid state no return URL can be trusted: errors are a page, never a redirect.
    renderError: (ctx, { status, body }) =>
      sendPage(ctx, status, { heading: 'The connection could not be completed', message: body.message }),
  }),
];

// The only return URL is the session's own, checked against the workspace's origins when the session was
// created; nothing in the callback's query can change it.
function answer(ctx: Context, result: CallbackResult): void {
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
  if (result.ok) {
    const account = result.connection.accountName ?? result.connection.accountId;
    sendPage(ctx, 200, {
      heading: 'Connected',
      message: `${account} is connected to ${result.connection.provider}. You can close this window.`,
    });
    return;
  }
  sendPage(ctx, statusForCode(result.error.code) ?? 400, {
    heading: 'The connection was not completed',
    message: result.error.message,
  });
}
