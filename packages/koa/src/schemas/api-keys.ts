import { API_KEY_SCOPES, createApiKeyInput } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Timestamp } from './common.js';

/** One API key scope. */
export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES).register(apiSchemas, { id: 'ApiKeyScope' });

/** An API key as listed: never its secret. */
export const ApiKeySchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(ApiKeyScopeSchema),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
  })
  .register(apiSchemas, { id: 'ApiKey' });

/** `{ data: keys }`. */
export const ApiKeyList = z.object({ data: z.array(ApiKeySchema) });

/** Body of `POST /v1/workspaces/:id/api-keys`: the engine's own input, refusing unknown keys. */
export const CreateApiKeyBody = createApiKeyInput.strict();

/** A new key: `key` is its secret, shown this once. */
export const CreatedApiKey = z.object({
  apiKey: ApiKeySchema,
  key: z.string().register(apiSchemas, { description: 'The secret, shown once: only its hash is stored.' }),
});
