import { defineRoute } from '../route.js';
import { ProviderParams } from '../schemas/common.js';
import { OAuthAppReply, PutOAuthAppBody } from '../schemas/oauth-apps.js';

/** A workspace's own OAuth client per provider. */
export const oauthAppRoutes = [
  defineRoute({
    method: 'put',
    path: '/v1/oauth-apps/:provider',
    operationId: 'putOAuthApp',
    summary: "Set the workspace's own OAuth client for a provider",
    tag: 'oauth-apps',
    access: { scope: 'connections:write' },
    params: ProviderParams,
    body: PutOAuthAppBody,
    responses: { 200: { description: 'The OAuth app (never its secret).', schema: OAuthAppReply } },
    handle: async ({ hub, workspaceId, params, body, reply }) =>
      reply(200, { oauthApp: await hub.oauthApps.put(workspaceId, params.provider, body) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/oauth-apps/:provider',
    operationId: 'getOAuthApp',
    summary: "Get the workspace's own OAuth client for a provider",
    tag: 'oauth-apps',
    access: { scope: 'connections:read' },
    params: ProviderParams,
    responses: { 200: { description: 'The OAuth app (never its secret).', schema: OAuthAppReply } },
    handle: async ({ hub, workspaceId, params, reply }) =>
      reply(200, { oauthApp: await hub.oauthApps.get(workspaceId, params.provider) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/oauth-apps/:provider',
    operationId: 'deleteOAuthApp',
    summary: "Delete the workspace's own OAuth client for a provider",
    tag: 'oauth-apps',
    access: { scope: 'connections:write' },
    params: ProviderParams,
    responses: { 204: { description: 'Deleted.' } },
    handle: async ({ hub, workspaceId, params, reply }) => {
      await hub.oauthApps.delete(workspaceId, params.provider);
      return reply(204);
    },
  }),
];
