import { sendPage, setPageHeaders } from '../html.js';
import { defineRoute } from '../route.js';
import { IdParams } from '../schemas/common.js';
import { ConnectSessionSchema, CreateConnectSessionBody } from '../schemas/connect-sessions.js';

/** Starting a connect flow. */
export const connectSessionRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/connect-sessions',
    operationId: 'createConnectSession',
    summary: 'Start a connect flow',
    tag: 'connect',
    access: { scope: 'connections:write' },
    body: CreateConnectSessionBody,
    responses: {
      201: {
        description: 'Send the user to `authorizationUrl` (oauth2) or `connectUrl`.',
        schema: ConnectSessionSchema,
      },
    },
    handle: async ({ hub, workspaceId, body, reply }) =>
      reply(201, await hub.connectSessions.create(workspaceId, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/connect/:id',
    operationId: 'openConnectLink',
    summary: "A session's connect link: sends the user on to the provider's consent page",
    tag: 'connect',
    access: 'public',
    params: IdParams,
    responses: {
      302: { description: "To the provider's authorization URL.", headers: { Location: 'The authorization URL.' } },
      404: { description: 'An error page: no live, unused session has this id.', mediaType: 'text/html' },
    },
    handle: async ({ hub, ctx, params }) => {
      const url = await hub.connectSessions.authorizationUrl(params.id);
      setPageHeaders(ctx);
      ctx.redirect(url);
      return undefined;
    },
    renderError: (ctx, { status, body }) =>
      sendPage(ctx, status, { heading: 'This connect link cannot be used', message: body.message }),
  }),
];
