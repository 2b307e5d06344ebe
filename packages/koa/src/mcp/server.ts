import { Readable } from 'node:stream';
import {
  createMcpHandler,
  type McpRequestContext,
  ProtocolError,
  ProtocolErrorCode,
  Server,
} from '@modelcontextprotocol/server';
import type { AgentGrant, Hub } from '@plugboard/core';
import type { Context } from 'koa';
import { readBody } from '../body.js';
import type { Logger } from '../options.js';
import { callTool } from './call.js';
import { toolsFor } from './catalog.js';
import { createCallLimiter, MCP_DEFAULTS, type McpOptions } from './limits.js';

const INSTRUCTIONS =
  'Tools act on the accounts one user connected to Plugboard. Call connections.list to see them. A tool error with a connect link means the user must connect (or reconnect) that account: show them the link.';

/** The MCP endpoint: one stateless handler for every agent, each request served for the grant it carries. */
export function createMcpEndpoint(hub: Hub, logger: Logger, options: McpOptions = {}) {
  const maxOutputBytes = options.maxOutputBytes ?? MCP_DEFAULTS.maxOutputBytes;
  const limit = createCallLimiter(options.callsPerMinute ?? MCP_DEFAULTS.callsPerMinute);

  const serverFor = ({ authInfo }: McpRequestContext) => {
    const grant = authInfo?.extra?.grant as AgentGrant;
    const server = new Server(
      { name: 'plugboard', title: 'Plugboard', version: '1' },
      { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
    );
    server.setRequestHandler('tools/list', async () => ({
      tools: toolsFor(hub, grant).map(({ target: _, outputSchema, ...tool }) => ({
        ...tool,
        inputSchema: tool.inputSchema as { type: 'object' },
        ...(outputSchema && { outputSchema: outputSchema as { type: 'object' } }),
      })),
    }));
    server.setRequestHandler('tools/call', async (request) => {
      const name = request.params.name;
      const tool = toolsFor(hub, grant).find((candidate) => candidate.name === name);
      if (!tool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
      const started = performance.now();
      const waitSeconds = limit(grant.tokenId ?? `${grant.keyId}:${grant.ownerId}`);
      const { result, outcome, connectionId } =
        waitSeconds > 0
          ? {
              result: {
                content: [
                  { type: 'text' as const, text: `rate_limited: too many tool calls; retry in ${waitSeconds} s.` },
                ],
                isError: true,
              },
              outcome: 'rate_limited',
              connectionId: null,
            }
          : await callTool({ hub, grant, logger, maxOutputBytes }, tool, request.params.arguments ?? {});
      const durationMs = Math.round(performance.now() - started);
      // The audit keeps who, what, where and how it went: never the arguments or the output.
      await hub.agents.recordToolCall(grant.workspaceId, {
        tool: name,
        ownerId: grant.ownerId,
        connectionId,
        outcome,
        durationMs,
        tokenId: grant.tokenId,
        keyId: grant.keyId,
      });
      logger.info({ tool: name, connectionId, outcome, ms: durationMs }, 'mcp tool call');
      return server.projectCallToolResult(result, tool.outputSchema);
    });
    return server;
  };

  const handler = createMcpHandler(serverFor, {
    onerror: (error) => logger.debug({ err: error }, 'mcp request refused'),
  });

  return {
    /** Answers one HTTP request to the endpoint for `grant`, writing the answer itself. */
    async serve(ctx: Context, grant: AgentGrant, bodyLimitBytes: number): Promise<void> {
      const headers = new Headers();
      for (const [name, value] of Object.entries(ctx.req.headers)) {
        // The caller's credentials stop here: the SDK never needs them, and nothing downstream may see them.
        if (name === 'authorization' || name === 'cookie' || value === undefined) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const body = ctx.method === 'POST' ? await readBody(ctx.req, bodyLimitBytes, ctx.request) : undefined;
      const request = new Request(new URL(ctx.url, hub.publicUrl), {
        method: ctx.method,
        headers,
        ...(body && { body: new Uint8Array(body) }),
      });
      const response = await handler.fetch(request, {
        authInfo: { token: grant.tokenId ?? grant.keyId, clientId: grant.keyId, scopes: ['mcp'], extra: { grant } },
      });
      ctx.respond = false;
      const out: Record<string, string> = { 'cache-control': 'no-store' };
      response.headers.forEach((value, name) => {
        out[name] = value;
      });
      ctx.res.writeHead(response.status, out);
      if (!response.body) {
        ctx.res.end();
        return;
      }
      const stream = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
      stream.on('error', () => ctx.res.destroy());
      stream.pipe(ctx.res);
    },
    close: () => handler.close(),
  };
}

/** The MCP endpoint's type, as the router holds it. */
export type McpEndpoint = ReturnType<typeof createMcpEndpoint>;
