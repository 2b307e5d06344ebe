import { createConnectSessionInput } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Timestamp } from './common.js';

/** A started connect flow. */
export const ConnectSessionSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    authorizationUrl: z.string().nullable(),
    connectUrl: z.string(),
    expiresAt: Timestamp,
  })
  .register(apiSchemas, { id: 'ConnectSession' });

/** Body of `POST /v1/connect-sessions` (the engine checks `returnTo` against the workspace's origins). */
export const CreateConnectSessionBody = createConnectSessionInput.strict();
