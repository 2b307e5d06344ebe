import { createWorkspaceInput, updateWorkspaceInput } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Id, Timestamp } from './common.js';

/** A workspace as the API shows it. */
export const WorkspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    allowedReturnOrigins: z.array(z.string()),
    allowedRedirectUris: z.array(z.string()),
    sharedProviders: z
      .array(z.string())
      .describe(
        "Providers whose connections are the workspace's (shared by its users) unless a request says `shared`.",
      ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .register(apiSchemas, { id: 'Workspace' });

/** Body of `POST /v1/workspaces`: the engine's own input, refusing unknown keys. */
export const CreateWorkspaceBody = createWorkspaceInput.strict();

/** Body of `PATCH /v1/workspaces/:id`: the settings given replace the stored ones. */
export const UpdateWorkspaceBody = updateWorkspaceInput.strict();

/** `{ workspace }`. */
export const WorkspaceReply = z.object({ workspace: WorkspaceSchema });

/** What `DELETE /v1/workspaces/:id` answers: the work left to the background. */
export const WorkspaceDeletion = z.object({
  connections: z
    .number()
    .int()
    .describe('How many connections the background revokes (where the provider can) and deletes.'),
});

/** `{ data: workspaces }`. */
export const WorkspaceList = z.object({ data: z.array(WorkspaceSchema) });

/** Path parameters of one workspace's API key. */
export const ApiKeyParams = z.strictObject({ id: Id, keyId: Id });
