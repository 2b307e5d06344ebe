import {
  connectionCallbackInput,
  createConnectionInput,
  currentConnectionInput,
  listConnectionsInput,
} from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Timestamp } from './common.js';

/** A connection as the API shows it: exactly the model's fields, never its credentials or secrets. */
export const ConnectionSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    provider: z.string(),
    providerName: z.string().describe("The provider's display name (its id when the hub no longer loads it)."),
    ownerId: z.string().nullable(),
    shared: z.boolean(),
    accountId: z.string(),
    accountName: z.string().nullable(),
    status: z.enum(['active', 'reauth_required', 'error']),
    scopes: z.array(z.string()),
    credentialType: z.enum(['oauth2', 'api_key', 'basic', 'raw']),
    tokenExpiresAt: Timestamp.nullable(),
    refreshTokenExpiresAt: Timestamp.nullable().describe(
      'When the refresh token stops working, where the provider says (`refresh_token_expires_in`).',
    ),
    lastRefreshedAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
    metadata: z.record(z.string(), z.unknown()),
    tags: z.record(z.string(), z.string()).describe('End-user tags; filter listings with `tag[key]=value`.'),
    name: z.string().nullable().describe("The caller's name for the connection."),
    expiresAt: Timestamp.nullable().describe(
      'When the hub deletes the connection by itself (revoking it where the provider can; event `connection.expired`).',
    ),
    redactFields: z
      .array(z.string())
      .describe('Raw credential fields `/credentials` never answers; they still sign proxied calls.'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .register(apiSchemas, { id: 'Connection' });

/** `{ connection }`. */
export const ConnectionReply = z.object({ connection: ConnectionSchema });

/** A page of connections; `nextCursor` is null on the last one. */
export const ConnectionPage = z.object({ data: z.array(ConnectionSchema), nextCursor: z.string().nullable() });

/** Query of `GET /v1/connections`: the engine's own input, refusing unknown parameters. */
export const ListConnectionsQuery = listConnectionsInput.strict();

/** Query of `GET /v1/connections/current`. */
export const CurrentConnectionQuery = currentConnectionInput.strict();

/** Body of `POST /v1/connections/callback`, for apps that receive the provider's redirect themselves. */
export const CompleteCallbackBody = connectionCallbackInput.strict();

/** The session's returnTo, for the app to send its user on (null when the session has none). */
const ReturnTo = z.string().nullable();

/** A completed API callback: the connection and the session's returnTo. */
export const CallbackConnectedReply = z.object({ connection: ConnectionSchema, returnTo: ReturnTo });

/** An API callback that carried the provider's error: the session has ended; why, and the session's returnTo. */
export const CallbackRefusedReply = z.object({
  connection: z.null(),
  error: z.object({ code: z.string(), message: z.string() }),
  returnTo: ReturnTo,
});

/**
 * Body of `POST /v1/connections`. `credentials` stays open here: its fields depend on the provider, whose own
 * schema the engine applies (strictly) once it knows which provider it is.
 */
export const CreateConnectionBody = createConnectionInput.strict();

/**
 * Credentials for a caller holding `credentials:read`: a fresh OAuth2 access token (never the refresh token,
 * which stays with the hub so only it refreshes), or the fields of an API-key, basic or raw connection.
 */
export const CredentialsReply = z.object({
  credentials: z
    .union([
      z.object({
        type: z.literal('oauth2'),
        accessToken: z.string(),
        tokenType: z.string(),
        expiresAt: Timestamp.nullable(),
      }),
      z.object({ type: z.enum(['api_key', 'basic', 'raw']) }).catchall(z.string()),
    ])
    .register(apiSchemas, { id: 'Credentials' }),
});

/** `{ id, name }` of an action route. */
export const ActionParams = z.strictObject({ id: z.string().min(1).max(128), name: z.string().min(1).max(100) });

/** Body of `POST /v1/connections/:id/actions/:name`: the action's own input schema checks `input`. */
export const RunActionBody = z.strictObject({ input: z.unknown().optional() });

/** `{ output }`, already parsed by the action's own output schema (an allow-list). */
export const ActionReply = z.object({ output: z.unknown() });
