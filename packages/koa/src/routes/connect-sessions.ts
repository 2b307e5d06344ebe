import { type ErrorCode, type Hub, isPlugboardError } from '@plugboard/core';
import type { Context } from 'koa';
import { sendOutcome } from '../connect-outcome.js';
import { type ErrorResponse, STATUS_BY_CODE } from '../errors.js';
import { sendPage, setPageHeaders } from '../html.js';
import type { PageContext } from '../pages/brand.js';
import { chooserPage } from '../pages/chooser-page.js';
import { connectPage } from '../pages/connect-page.js';
import { formErrors, formFields } from '../pages/form-fields.js';
import { negotiate } from '../pages/i18n.js';
import { errorPage } from '../pages/result-pages.js';
import { defineRoute, PROVIDER_ERRORS } from '../route.js';
import { IdParams } from '../schemas/common.js';
import {
  ChooseProviderBody,
  ConnectFormBody,
  ConnectPageQuery,
  ConnectSessionSchema,
  CreateConnectSessionBody,
} from '../schemas/connect-sessions.js';

// What the user can fix by typing again: the engine leaves the session usable after each of these.
const RETRYABLE: ReadonlySet<ErrorCode> = new Set([
  'validation_error',
  'provider_error',
  'provider_timeout',
  'rate_limited',
]);

// No live session behind the link (unknown, used, expired), or a post from another site: nothing to show but why.
const renderLinkError = (ctx: Context, error: ErrorResponse, hub: Hub) =>
  sendPage(ctx, error.status, errorPage(error, pageContext(ctx, hub), 'link'));

// A pick on the chooser that cannot be taken: worded for the user, like a link error.
const renderChoiceError = (ctx: Context, error: ErrorResponse, hub: Hub) =>
  sendPage(ctx, error.status, errorPage(error, pageContext(ctx, hub), 'choice'));

// The session's language when it names one the pages speak, else the browser's.
const pageContext = (ctx: Context, hub: Hub, locale?: string | null): PageContext => ({
  messages: negotiate(ctx, locale),
  publicUrl: hub.publicUrl,
});

const pageResponses = {
  404: { description: 'An error page: no session has this id.', mediaType: 'text/html' },
  409: {
    description: 'An error page: the link was already used, or has expired (the error detail `session` says which).',
    mediaType: 'text/html',
  },
};

/** Starting a connect flow, and its hosted connect page. */
export const connectSessionRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/connect-sessions',
    operationId: 'createConnectSession',
    summary: 'Start a connect flow',
    tag: 'connect',
    access: { scope: 'connections:write' },
    body: CreateConnectSessionBody,
    // The provider must be loaded; an OAuth2 provider that names only its issuer is discovered first.
    errors: ['not_found', 'provider_error', 'provider_timeout'],
    responses: {
      201: {
        description: 'Send the user to `connectUrl` (or straight to `authorizationUrl`, for oauth2).',
        schema: ConnectSessionSchema,
      },
    },
    handle: async ({ hub, workspaceId, body, reply }) =>
      reply(201, await hub.connectSessions.create(workspaceId, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/connect-sessions/:id',
    operationId: 'getConnectSession',
    summary: 'Get a connect session: the providers it offers, the one the user picked so far, and its status',
    tag: 'connect',
    access: { scope: 'connections:read' },
    params: IdParams,
    responses: { 200: { description: 'The session.', schema: ConnectSessionSchema } },
    handle: async ({ hub, workspaceId, params, reply }) =>
      reply(200, await hub.connectSessions.get(workspaceId, params.id)),
  }),
  defineRoute({
    method: 'get',
    path: '/connect/:id',
    operationId: 'openConnectPage',
    summary:
      "A session's hosted connect page: the provider, the access asked for, and a way on; or the providers to pick from",
    tag: 'connect',
    access: 'public',
    params: IdParams,
    query: ConnectPageQuery,
    errors: ['conflict', 'database_unavailable'],
    responses: {
      200: {
        description:
          "The connect page: a link on to the provider's consent page (oauth2) or a credentials form; for a session that offers several providers and has none picked yet, the providers to pick from (a search box from nine on). `display=popup` makes the flow's last page post its outcome to the opener.",
        mediaType: 'text/html',
      },
      ...pageResponses,
    },
    handle: async ({ hub, ctx, params, query }) => {
      const view = await hub.connectSessions.open(params.id, { display: query.display });
      const page = pageContext(ctx, hub, view.locale);
      const target = formTarget(hub.publicUrl, view.id);
      const { provider } = view;
      sendPage(
        ctx,
        200,
        provider
          ? connectPage({ ...view, provider }, target, page)
          : chooserPage(view, { page: target, choose: `${target}/choose` }, page, query.q),
      );
      return undefined;
    },
    renderError: renderLinkError,
  }),
  defineRoute({
    method: 'post',
    path: '/connect/:id/choose',
    operationId: 'chooseProvider',
    summary: "A connect page's pick of one of the providers its session offers: bound once, then the page goes on",
    tag: 'connect',
    access: 'public',
    params: IdParams,
    body: ChooseProviderBody,
    bodyType: 'form',
    // Picking an OAuth2 provider builds its authorization URL, which may discover the provider's issuer first.
    errors: ['conflict', 'provider_error', 'provider_timeout', 'database_unavailable'],
    responses: {
      303: {
        description: "To the session's connect page, which now shows the picked provider.",
        headers: { Location: "The session's connect page." },
      },
      400: {
        description: 'An error page: the session does not offer this provider (or it cannot be connected now).',
        mediaType: 'text/html',
      },
      403: { description: 'An error page: the form was posted from another site.', mediaType: 'text/html' },
      404: pageResponses[404],
      409: {
        description:
          'An error page: a provider was already picked (detail `provider: already chosen`), or the link was used or has expired.',
        mediaType: 'text/html',
      },
    },
    handle: async ({ hub, ctx, params, body }) => {
      await hub.connectSessions.choose(params.id, body);
      setPageHeaders(ctx);
      ctx.status = 303;
      ctx.redirect(formTarget(hub.publicUrl, params.id));
      return undefined;
    },
    renderError: renderChoiceError,
  }),
  defineRoute({
    method: 'post',
    path: '/connect/:id',
    operationId: 'submitConnectForm',
    summary: "A connect page's credentials form (API key, basic auth): checked by the provider, then saved",
    tag: 'connect',
    access: 'public',
    params: IdParams,
    body: ConnectFormBody,
    bodyType: 'form',
    errors: [...PROVIDER_ERRORS, 'conflict', 'database_unavailable'],
    responses: {
      200: {
        description: 'A result page when the session has no returnTo; a popup session posts its outcome.',
        mediaType: 'text/html',
      },
      302: {
        description: "Back to the session's returnTo with `connection_id`.",
        headers: { Location: "The session's returnTo with the outcome in its query." },
      },
      400: {
        description: 'The form again, each error next to its field; the session stays usable.',
        mediaType: 'text/html',
      },
      ...Object.fromEntries(
        [429, 502, 504].map((status) => [
          status,
          { description: 'The form again: the provider failed; the session stays usable.', mediaType: 'text/html' },
        ]),
      ),
      403: { description: 'An error page: the form was posted from another site.', mediaType: 'text/html' },
      ...pageResponses,
    },
    handle: async ({ hub, ctx, params, body }) => {
      const values = body ?? {};
      try {
        await sendOutcome(ctx, hub, await hub.connectSessions.submitCredentials(params.id, values));
      } catch (error) {
        if (!isPlugboardError(error) || !RETRYABLE.has(error.code)) throw error;
        const view = await hub.connectSessions.open(params.id);
        // No provider picked yet: there is no form to show again, only the error.
        const { provider } = view;
        if (!provider) throw error;
        const errors = formErrors(formFields(view.fields ?? {}), values, error);
        sendPage(
          ctx,
          STATUS_BY_CODE[error.code],
          connectPage({ ...view, provider }, formTarget(hub.publicUrl, view.id), pageContext(ctx, hub, view.locale), {
            errors,
            values,
          }),
        );
      }
      return undefined;
    },
    renderError: renderLinkError,
  }),
];

// The form posts to the connect link itself, without its query: display was recorded when the page opened.
function formTarget(publicUrl: string, sessionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/connect/${encodeURIComponent(sessionId)}`;
}
