import { MAX_MCP_TOKEN_SECONDS, mintMcpTokenInput } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Timestamp } from './common.js';

/** Query of the MCP endpoint. */
export const McpQuery = z.strictObject({
  ownerId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'The end user the agent acts for: required with an API key, optional (and must match) with an MCP token.',
    ),
});

/** An error in JSON-RPC's own shape: the MCP endpoint's answer to a request its protocol refuses. */
export const JsonRpcErrorSchema = z
  .object({
    jsonrpc: z.literal('2.0'),
    error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }),
    id: z.union([z.string(), z.number(), z.null()]),
  })
  .register(apiSchemas, { id: 'JsonRpcError', description: 'A JSON-RPC error, as the MCP protocol answers it.' });

/** Body of `POST /v1/mcp-tokens`. */
export const CreateMcpTokenBody = mintMcpTokenInput.register(apiSchemas, {
  id: 'CreateMcpToken',
  description: `An MCP token for one end user; \`expiresIn\` in seconds (60 to ${MAX_MCP_TOKEN_SECONDS}, default 3600).`,
});

/** A minted MCP token: shown once. */
export const McpTokenSchema = z
  .object({
    token: z.string(),
    id: z.string(),
    ownerId: z.string(),
    providers: z.array(z.string()).nullable(),
    tools: z.array(z.string()).nullable(),
    expiresAt: Timestamp,
  })
  .register(apiSchemas, {
    id: 'McpToken',
    description: 'The token is shown once and never stored: hand it to the agent as its bearer token for /v1/mcp.',
  });
