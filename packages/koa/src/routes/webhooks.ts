import { defineRoute } from '../route.js';
import { IdParams } from '../schemas/common.js';
import {
  CreatedWebhookReply,
  CreateWebhookBody,
  DeliveryList,
  DeliveryQuery,
  WebhookList,
  WebhookReply,
} from '../schemas/webhooks.js';

/** A workspace's webhook endpoints and their delivery log. */
export const webhookRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/webhooks',
    operationId: 'createWebhook',
    summary: 'Register a webhook endpoint for lifecycle events',
    tag: 'webhooks',
    access: { scope: 'connections:write' },
    body: CreateWebhookBody,
    // A workspace holds a limited number of endpoints.
    errors: ['conflict'],
    responses: {
      201: { description: 'The endpoint, and its signing secret (shown once).', schema: CreatedWebhookReply },
    },
    handle: async ({ hub, workspaceId, body, reply }) => reply(201, await hub.webhooks.create(workspaceId, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/webhooks',
    operationId: 'listWebhooks',
    summary: "List the workspace's webhook endpoints",
    tag: 'webhooks',
    access: { scope: 'connections:read' },
    responses: { 200: { description: 'The endpoints.', schema: WebhookList } },
    handle: async ({ hub, workspaceId, reply }) => reply(200, { data: await hub.webhooks.list(workspaceId) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/webhooks/:id',
    operationId: 'getWebhook',
    summary: 'Get a webhook endpoint',
    tag: 'webhooks',
    access: { scope: 'connections:read' },
    params: IdParams,
    responses: { 200: { description: 'The endpoint.', schema: WebhookReply } },
    handle: async ({ hub, workspaceId, params, reply }) =>
      reply(200, { webhook: await hub.webhooks.get(workspaceId, params.id) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/webhooks/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log of a webhook endpoint, newest first',
    tag: 'webhooks',
    access: { scope: 'connections:read' },
    params: IdParams,
    query: DeliveryQuery,
    responses: { 200: { description: 'Deliveries with their attempts and outcome.', schema: DeliveryList } },
    handle: async ({ hub, workspaceId, params, query, reply }) =>
      reply(200, { data: await hub.webhooks.deliveries(workspaceId, params.id, query.limit) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/webhooks/:id',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook endpoint and its pending deliveries',
    tag: 'webhooks',
    access: { scope: 'connections:write' },
    params: IdParams,
    responses: { 204: { description: 'Deleted.' } },
    handle: async ({ hub, workspaceId, params, reply }) => {
      await hub.webhooks.delete(workspaceId, params.id);
      return reply(204);
    },
  }),
];
