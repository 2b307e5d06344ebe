import type { CreateConnectionInput } from '@plugboard/core';
import { defineRoute, PROVIDER_ERRORS, REFRESH_ERRORS } from '../route.js';
import { ErrorSchema, IdParams } from '../schemas/common.js';
import {
  ActionParams,
  ActionReply,
  CallbackConnectedReply,
  CallbackRefusedReply,
  CompleteCallbackBody,
  ConnectionPage,
  ConnectionReply,
  CreateConnectionBody,
  CredentialsReply,
  CurrentConnectionQuery,
  ListConnectionsQuery,
  RunActionBody,
} from '../schemas/connections.js';

/** A workspace's connections. */
export const connectionRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/connections/callback',
    operationId: 'completeConnectionCallback',
    summary: 'Complete a connect flow whose redirect the app received itself',
    tag: 'connections',
    access: { scope: 'connections:write' },
    body: CompleteCallbackBody,
    // The provider must be loaded and the state name a live session of this workspace; the provider may refuse the
    // code, then its account is asked.
    errors: [...PROVIDER_ERRORS, 'invalid_state', 'invalid_code', 'not_found'],
    responses: {
      201: {
        description: "The new (or reconnected) connection, and the session's `returnTo`.",
        schema: CallbackConnectedReply,
      },
      200: {
        description:
          "The body carried the provider's `error`: the session has ended (event `connect_session.failed`); why, and the session's `returnTo`.",
        schema: CallbackRefusedReply,
      },
    },
    handle: async ({ hub, workspaceId, body, reply }) => {
      const result = await hub.connections.completeCallback(workspaceId, body);
      return result.connection
        ? reply(201, { connection: result.connection, returnTo: result.returnTo })
        : reply(200, { connection: null, error: result.error, returnTo: result.returnTo });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/connections',
    operationId: 'createConnection',
    summary: 'Create a connection from credentials (API key, basic, raw, or tokens)',
    tag: 'connections',
    access: { scope: 'connections:write' },
    body: CreateConnectionBody,
    // The provider must be loaded; it checks the credentials and names the account.
    errors: [...PROVIDER_ERRORS, 'not_found'],
    responses: { 201: { description: 'The new connection.', schema: ConnectionReply } },
    handle: async ({ hub, workspaceId, body, reply }) =>
      // The body schema only checks the credential kind; the engine checks its fields against the provider.
      reply(201, { connection: await hub.connections.create(workspaceId, body as CreateConnectionInput) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/connections',
    operationId: 'listConnections',
    summary: 'List connections, newest first, a page at a time; filters: provider, ownerId, status, shared',
    tag: 'connections',
    access: { scope: 'connections:read' },
    query: ListConnectionsQuery,
    responses: { 200: { description: 'A page; pass `nextCursor` as `cursor` for the next.', schema: ConnectionPage } },
    handle: async ({ hub, workspaceId, query, reply }) => reply(200, await hub.connections.list(workspaceId, query)),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/connections/current',
    operationId: 'getCurrentConnection',
    summary: "The connection to use for a provider: the owner's newest active one, else the workspace's shared one",
    tag: 'connections',
    access: { scope: 'connections:read' },
    query: CurrentConnectionQuery,
    responses: {
      200: { description: 'The connection (`shared` says which kind it is).', schema: ConnectionReply },
      404: {
        description: 'Neither the owner nor the workspace has an active connection to this provider.',
        schema: ErrorSchema,
      },
    },
    handle: async ({ hub, workspaceId, query, reply }) =>
      reply(200, { connection: await hub.connections.current(workspaceId, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/connections/:id',
    operationId: 'getConnection',
    summary: 'Get a connection',
    tag: 'connections',
    access: { scope: 'connections:read' },
    params: IdParams,
    responses: { 200: { description: 'The connection.', schema: ConnectionReply } },
    handle: async ({ hub, workspaceId, params, reply }) =>
      reply(200, { connection: await hub.connections.get(workspaceId, params.id) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/connections/:id/credentials',
    operationId: 'getConnectionCredentials',
    summary: 'Get usable credentials: an access token refreshed first when it expires soon',
    tag: 'connections',
    access: { scope: 'credentials:read' },
    params: IdParams,
    errors: REFRESH_ERRORS,
    responses: { 200: { description: 'The credentials.', schema: CredentialsReply } },
    handle: async ({ hub, workspaceId, params, reply }) => {
      const credentials = await hub.connections.credentials(workspaceId, params.id);
      return reply(200, {
        credentials:
          credentials.type === 'oauth2'
            ? {
                type: 'oauth2',
                accessToken: credentials.accessToken,
                tokenType: credentials.tokenType,
                expiresAt: credentials.expiresAt ?? null,
              }
            : credentials,
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/connections/:id/actions/:name',
    operationId: 'runConnectionAction',
    summary: "Run one of the provider's actions on a connection (GET /v1/providers/:id lists them)",
    tag: 'connections',
    access: { scope: 'connections:write' },
    params: ActionParams,
    body: RunActionBody,
    errors: REFRESH_ERRORS,
    responses: { 200: { description: "The action's output.", schema: ActionReply } },
    handle: async ({ hub, workspaceId, params, body, reply }) =>
      reply(200, { output: await hub.connections.runAction(workspaceId, params.id, params.name, body.input) }),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/connections/:id/refresh',
    operationId: 'refreshConnection',
    summary: "Refresh a connection's OAuth2 token now",
    tag: 'connections',
    access: { scope: 'connections:write' },
    params: IdParams,
    errors: REFRESH_ERRORS,
    responses: { 200: { description: 'The connection after the refresh.', schema: ConnectionReply } },
    handle: async ({ hub, workspaceId, params, reply }) =>
      reply(200, { connection: await hub.connections.refresh(workspaceId, params.id) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/connections/:id',
    operationId: 'deleteConnection',
    summary: 'Revoke a connection at the provider (when it can) and delete it',
    tag: 'connections',
    access: { scope: 'connections:write' },
    params: IdParams,
    responses: { 204: { description: 'Deleted.' } },
    handle: async ({ hub, workspaceId, params, reply }) => {
      await hub.connections.delete(workspaceId, params.id);
      return reply(204);
    },
  }),
];
