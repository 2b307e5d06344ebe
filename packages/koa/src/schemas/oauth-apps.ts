import { putOAuthAppInput } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Timestamp } from './common.js';

/** A workspace's own OAuth client: `hasClientSecret`, never the secret. */
export const OAuthAppSchema = z
  .object({
    provider: z.string(),
    clientId: z.string(),
    hasClientSecret: z.boolean(),
    scopes: z.array(z.string()).nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .register(apiSchemas, { id: 'OAuthApp' });

/** Body of `PUT /v1/oauth-apps/:provider`: the engine's own input, refusing unknown keys. */
export const PutOAuthAppBody = putOAuthAppInput.strict();

/** `{ oauthApp }`. */
export const OAuthAppReply = z.object({ oauthApp: OAuthAppSchema });
