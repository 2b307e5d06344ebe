import { defineRoute } from '../route.js';
import { IdParams } from '../schemas/common.js';
import {
  CreateWorkspaceBody,
  UpdateWorkspaceBody,
  WorkspaceDeletion,
  WorkspaceList,
  WorkspaceReply,
} from '../schemas/workspaces.js';

/** Admin: workspaces. */
export const workspaceRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/workspaces',
    operationId: 'createWorkspace',
    summary: 'Create a workspace',
    tag: 'workspaces',
    access: 'admin',
    body: CreateWorkspaceBody,
    responses: { 201: { description: 'The new workspace.', schema: WorkspaceReply } },
    handle: async ({ hub, body, reply }) => reply(201, { workspace: await hub.workspaces.create(body) }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/workspaces',
    operationId: 'listWorkspaces',
    summary: 'List workspaces',
    tag: 'workspaces',
    access: 'admin',
    responses: { 200: { description: 'Every workspace.', schema: WorkspaceList } },
    handle: async ({ hub, reply }) => reply(200, { data: await hub.workspaces.list() }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/workspaces/:id',
    operationId: 'getWorkspace',
    summary: 'Get a workspace',
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    responses: { 200: { description: 'The workspace.', schema: WorkspaceReply } },
    handle: async ({ hub, params, reply }) => reply(200, { workspace: await hub.workspaces.get(params.id) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/workspaces/:id',
    operationId: 'updateWorkspace',
    summary: "Change a workspace's name, allowed return origins, redirect URIs or shared providers",
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    body: UpdateWorkspaceBody,
    responses: { 200: { description: 'The workspace as changed.', schema: WorkspaceReply } },
    handle: async ({ hub, params, body, reply }) =>
      reply(200, { workspace: await hub.workspaces.update(params.id, body) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/workspaces/:id',
    operationId: 'deleteWorkspace',
    summary:
      'Delete a workspace: its keys stop working at once, its connections are revoked and deleted in the background',
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    responses: {
      202: {
        description:
          'The workspace is gone for the API (404 from now on) and its keys and connect sessions are deleted; each connection is revoked and deleted in the background with its `connection.deleted` event.',
        schema: WorkspaceDeletion,
      },
    },
    handle: async ({ hub, params, reply }) => reply(202, await hub.workspaces.delete(params.id)),
  }),
];
