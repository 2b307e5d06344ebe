import { defineRoute } from '../route.js';
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey } from '../schemas/api-keys.js';
import { IdParams } from '../schemas/common.js';
import { ApiKeyParams } from '../schemas/workspaces.js';

/** Admin: a workspace's API keys. */
export const apiKeyRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/workspaces/:id/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key for a workspace (its secret is shown once)',
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    body: CreateApiKeyBody,
    responses: { 201: { description: 'The key, with its secret.', schema: CreatedApiKey } },
    handle: async ({ hub, params, body, reply }) => reply(201, await hub.apiKeys.create(params.id, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/workspaces/:id/api-keys',
    operationId: 'listApiKeys',
    summary: "List a workspace's API keys (metadata only: never a key or its hash)",
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    responses: { 200: { description: 'Every key of the workspace, oldest first.', schema: ApiKeyList } },
    handle: async ({ hub, params, reply }) => reply(200, { data: await hub.apiKeys.list(params.id) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/workspaces/:id/api-keys/:keyId',
    operationId: 'deleteApiKey',
    summary: 'Delete an API key',
    tag: 'workspaces',
    access: 'admin',
    params: ApiKeyParams,
    responses: { 204: { description: 'Deleted.' } },
    handle: async ({ hub, params, reply }) => {
      await hub.apiKeys.delete(params.id, params.keyId);
      return reply(204);
    },
  }),
];
