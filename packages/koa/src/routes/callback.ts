import { sendOutcome } from '../connect-outcome.js';
import { sendPage } from '../html.js';
import { negotiate } from '../pages/i18n.js';
import { errorPage } from '../pages/result-pages.js';
import { defineRoute, PROVIDER_ERRORS } from '../route.js';
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
    // The code is exchanged and the account asked at the provider.
    errors: [...PROVIDER_ERRORS, 'conflict', 'database_unavailable'],
    responses: {
      200: {
        description:
          "A result page, when the session has no returnTo; for a popup session, a page that posts `{ type: 'plugboard:connect', connectionId }` to its opener at the returnTo's origin only, then closes.",
        mediaType: 'text/html',
      },
      302: {
        description: "Back to the session's returnTo, with `connection_id`, or `error` and `error_description`.",
        headers: { Location: "The session's returnTo with the outcome in its query." },
      },
      400: {
        description:
          'An error page: the callback is invalid or the provider refused (a popup session posts `{ error: { code, message } }` to its opener).',
        mediaType: 'text/html',
      },
      404: { description: 'An error page: no connect session has this state.', mediaType: 'text/html' },
      409: { description: 'An error page: the session was already used or has expired.', mediaType: 'text/html' },
    },
    handle: async ({ hub, ctx, query }) => {
      await sendOutcome(ctx, hub, await hub.completeCallback(query));
      return undefined;
    },
    // Without a valid state no return URL or opener origin can be trusted: errors are a page, never a redirect.
    renderError: (ctx, error, hub) =>
      sendPage(ctx, error.status, errorPage(error, { messages: negotiate(ctx), publicUrl: hub.publicUrl }, 'callback')),
  }),
];
