import { z } from 'zod';
import { assertAgentOrigin, grantOf } from '../mcp/grant.js';
import { defineRoute, type HttpMethod } from '../route.js';
import { ErrorSchema } from '../schemas/common.js';
import { CreateMcpTokenBody, JsonRpcErrorSchema, McpQuery, McpTokenSchema } from '../schemas/mcp.js';

const MCP_METHODS: HttpMethod[] = ['post', 'get', 'delete'];

/** The MCP endpoint for AI agents, and the tokens that narrow it to one end user. */
export const mcpRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/mcp-tokens',
    operationId: 'createMcpToken',
    summary:
      "Mint a short-lived MCP token that lets an agent act for one end user (and the workspace's shared connections)",
    tag: 'agents',
    access: { scope: 'mcp' },
    body: CreateMcpTokenBody,
    responses: { 201: { description: 'The token, shown once.', schema: McpTokenSchema } },
    handle: async ({ hub, caller, workspaceId, body, reply }) => {
      const keyId = caller?.kind === 'workspace' ? caller.keyId : '';
      return reply(201, await hub.agents.mintToken(workspaceId, keyId, body));
    },
  }),
  ...MCP_METHODS.map((method) =>
    defineRoute({
      method,
      path: '/v1/mcp',
      operationId: `mcp${method[0]!.toUpperCase()}${method.slice(1)}`,
      summary:
        method === 'post'
          ? "The MCP endpoint (Streamable HTTP, stateless; protocol 2026-07-28 and the 2025-06-18 / 2025-11-25 handshake): tools from the owner's connections"
          : 'Answers 405: the MCP endpoint is stateless, with no server-initiated stream and no session to end',
      tag: 'agents',
      access: 'agent',
      query: McpQuery,
      ...(method === 'post' && { rawBody: { description: 'A JSON-RPC message.', mediaType: 'application/json' } }),
      responses: {
        200: {
          description: 'A JSON-RPC answer (JSON, or an SSE stream for 2025-era clients).',
          mediaType: 'application/json',
          otherMediaTypes: ['text/event-stream'],
        },
        202: { description: 'A notification or response was accepted.' },
        400: {
          description:
            'Invalid input: the error body (`validation_error`), or a JSON-RPC error for a message the protocol refuses.',
          schema: z.union([ErrorSchema, JsonRpcErrorSchema]),
        },
        405: { description: 'Not a POST.', schema: JsonRpcErrorSchema },
        406: { description: 'The `Accept` header names neither JSON nor an event stream.', schema: JsonRpcErrorSchema },
        415: { description: 'The body is not JSON.', schema: JsonRpcErrorSchema },
      },
      handle: async ({ hub, ctx, caller, query, env }) => {
        const grant = grantOf(caller, query.ownerId);
        await assertAgentOrigin(ctx, hub, grant.workspaceId);
        await (await env.mcp()).serve(ctx, grant, env.bodyLimitBytes);
        return undefined;
      },
    }),
  ),
];
