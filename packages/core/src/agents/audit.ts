import { type EngineContext, newId, nowIso, readJson } from '../context.js';

/** The event type of an agent's tool call in the events table. */
export const TOOL_CALL_EVENT = 'mcp.tool_call';

/** One tool call, as the audit trail keeps it: never its arguments (they may hold secrets) nor its output. */
export interface ToolCallRecord {
  tool: string;
  ownerId: string;
  connectionId: string | null;
  /** `ok`, or the error code the agent got (`not_connected`, `rate_limited`, `provider_error`, ...). */
  outcome: string;
  durationMs: number;
  /** The MCP token's id, or null when a key was used directly. */
  tokenId: string | null;
  keyId: string;
}

/**
 * Writes a tool call to the events table. Not a lifecycle event: no webhook delivery is queued for it, so an
 * agent's traffic never floods a workspace's webhooks.
 */
export async function recordToolCall(ctx: EngineContext, workspaceId: string, call: ToolCallRecord): Promise<void> {
  await ctx.db
    .insertInto('events')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      type: TOOL_CALL_EVENT,
      payload: JSON.stringify(call),
      created_at: nowIso(),
    })
    .execute();
}

/** The workspace's latest tool calls, newest first. */
export async function listToolCalls(
  ctx: EngineContext,
  workspaceId: string,
  limit = 50,
): Promise<(ToolCallRecord & { id: string; createdAt: string })[]> {
  const rows = await ctx.db
    .selectFrom('events')
    .select(['id', 'payload', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', TOOL_CALL_EVENT)
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 500))
    .execute();
  return rows.map((row) => ({ id: row.id, ...readJson<ToolCallRecord>(row.payload), createdAt: row.created_at }));
}
