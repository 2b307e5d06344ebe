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

/** Query of a hosted connect page: `display=popup` when the page was opened as a popup by `@plugboard/connect`. */
export const ConnectPageQuery = z.object({ display: z.enum(['page', 'popup']).optional() });

/** The credentials form of a connect page: the provider's fields, as typed (the engine checks them). */
export const ConnectFormBody = z.record(z.string().max(200), z.string().max(4000)).optional();
