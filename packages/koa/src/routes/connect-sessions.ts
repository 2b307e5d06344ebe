import { defineRoute } from '../route.js';
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
];
