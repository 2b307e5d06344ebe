import type { Readable } from 'node:stream';
import { type AgentGrant, type Connection, type Hub, isPlugboardError, parseOrThrow } from '@plugboard/core';
import type { Logger } from '../options.js';
import { describedRequest } from '../proxy-call.js';
import { type AgentTool, RequestToolInput } from './catalog.js';
import { capText } from './limits.js';

/** A tool result as MCP carries it. */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** What one call produced, with what the audit trail keeps of it. */
export interface ToolOutcome {
  result: ToolResult;
  /** `ok`, or the code of the error the agent got. */
  outcome: string;
  connectionId: string | null;
}

/** Everything a tool call needs besides its arguments. */
export interface CallContext {
  hub: Hub;
  grant: AgentGrant;
  logger: Logger;
  maxOutputBytes: number;
}

/** A refusal the agent can act on: it is answered as a tool error (`isError`), never as a protocol error. */
class ToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs one tool for the grant's owner. Every failure becomes a tool error the agent can read; none escapes. */
export async function callTool(
  context: CallContext,
  tool: AgentTool,
  args: Record<string, unknown>,
): Promise<ToolOutcome> {
  let connection: Connection | null = null;
  try {
    const { target } = tool;
    if (target.kind === 'connections') {
      const connections = await context.hub.agents.connections(
        context.grant.workspaceId,
        context.grant.ownerId,
        context.grant.providers,
      );
      return ok(context, connections.map(describeConnection), null, false);
    }
    const { connectionId, ...rest } = args;
    if (connectionId !== undefined && typeof connectionId !== 'string') {
      throw new ToolError('validation_error', '`connectionId` must be a string.');
    }
    connection = await connectionFor(context, target.provider, connectionId);
    if (target.kind === 'action') {
      const input = target.wrapped ? rest.input : rest;
      const output = await context.hub.connections.runAction(
        context.grant.workspaceId,
        connection.id,
        target.action,
        input,
      );
      return ok(context, output, connection.id, tool.outputSchema !== undefined);
    }
    return await request(context, connection, rest);
  } catch (error) {
    return failure(context, error, connection?.id ?? null);
  }
}

// The connection a call uses; none (or one needing the user again) is a tool error carrying a connect link.
async function connectionFor(context: CallContext, provider: string, connectionId: string | undefined) {
  const { hub, grant } = context;
  const connection = await hub.agents.pickConnection(grant.workspaceId, grant.ownerId, provider, connectionId);
  if (connection && connection.status !== 'reauth_required') return connection;
  const session = await hub.connectSessions.create(grant.workspaceId, { provider, ownerId: grant.ownerId });
  const name = hub.providers.get(provider).name;
  const why = connection
    ? `The user's ${name} connection needs them to sign in again.`
    : `The user has not connected a ${name} account.`;
  throw new ToolError(
    connection ? 'reauth_required' : 'not_connected',
    `${why} Ask the user to open this link to connect it, then try again: ${session.connectUrl} (the link works until ${session.expiresAt}).`,
  );
}

async function request(context: CallContext, connection: Connection, args: Record<string, unknown>) {
  const input = parseOrThrow(RequestToolInput, args, 'request', 'arguments');
  const { headers, body } = describedRequest(input.headers, input.body);
  const query = input.query && new URLSearchParams(input.query).toString();
  const target = query ? `${input.path}${input.path.includes('?') ? '&' : '?'}${query}` : input.path;
  // Only what the agent put in the arguments goes out: never a header of the MCP request itself.
  const answer = await context.hub.proxy.forward(context.grant.workspaceId, connection.id, {
    method: input.method,
    target,
    headers,
    body,
  });
  const text = await readCapped(answer.body, context.maxOutputBytes);
  const contentType = headerValue(answer.headers, 'content-type') ?? null;
  let parsed: unknown = text.text;
  if (!text.truncated && contentType?.includes('json')) {
    try {
      parsed = JSON.parse(text.text);
    } catch {
      // Not JSON after all: the text as it came.
    }
  }
  const value = {
    status: answer.status,
    contentType,
    body: parsed,
    ...(text.truncated && { note: `The body was cut at ${context.maxOutputBytes} bytes: ask for less.` }),
  };
  const outcome = ok(context, value, connection.id, false);
  if (answer.status < 400) return outcome;
  return { ...outcome, outcome: `http_${answer.status}`, result: { ...outcome.result, isError: true } };
}

function ok(context: CallContext, value: unknown, connectionId: string | null, structured: boolean): ToolOutcome {
  const capped = capText(JSON.stringify(value, null, 2) ?? 'null', context.maxOutputBytes);
  if (!capped.truncated) {
    return {
      result: {
        content: [{ type: 'text', text: capped.text }],
        ...(structured && { structuredContent: value as Record<string, unknown> }),
      },
      outcome: 'ok',
      connectionId,
    };
  }
  // A cut-off value cannot be the structured content its schema promises: the agent gets the text and is told why.
  const note = `[Output cut at ${context.maxOutputBytes} of ${capped.bytes} bytes: narrow the request to see the rest.]`;
  return {
    result: {
      content: [
        { type: 'text', text: capped.text },
        { type: 'text', text: note },
      ],
      ...(structured && { isError: true }),
    },
    outcome: structured ? 'output_too_large' : 'ok',
    connectionId,
  };
}

function failure(context: CallContext, error: unknown, connectionId: string | null): ToolOutcome {
  let code = 'internal_error';
  let message = 'The tool failed inside the hub; the error is logged.';
  if (error instanceof ToolError || isPlugboardError(error)) {
    code = error.code;
    message = error.message;
    const details = isPlugboardError(error) ? error.details : undefined;
    if (details?.length) message += ` ${details.map((detail) => `${detail.path}: ${detail.message}`).join('; ')}`;
  } else {
    context.logger.error({ err: error }, 'MCP tool call failed');
  }
  return {
    result: { content: [{ type: 'text', text: `${code}: ${message}` }], isError: true },
    outcome: code,
    connectionId,
  };
}

function describeConnection(connection: Connection) {
  return {
    id: connection.id,
    provider: connection.provider,
    accountId: connection.accountId,
    accountName: connection.accountName,
    status: connection.status,
    shared: connection.shared,
    scopes: connection.scopes,
    metadata: connection.metadata,
  };
}

function headerValue(headers: string[], name: string): string | undefined {
  for (let i = 0; i < headers.length; i += 2) if (headers[i]!.toLowerCase() === name) return headers[i + 1];
  return undefined;
}

// Reads at most `maxBytes` of a body, then stops reading: a huge answer is never held whole in memory.
async function readCapped(
  body: Readable,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean; bytes: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      break;
    }
  }
  return capText(Buffer.concat(chunks).toString('utf8'), maxBytes);
}
