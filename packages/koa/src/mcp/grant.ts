import { type AgentGrant, type Hub, PlugboardError, ValidationError } from '@plugboard/core';
import type { Context } from 'koa';
import type { Caller } from '../auth.js';

/**
 * The grant an MCP request acts under: an MCP token's own, or a workspace key's narrowed to the `ownerId` it
 * names. A token's owner cannot be swapped for another through the query.
 */
export function grantOf(caller: Caller | null, ownerId: string | undefined): AgentGrant {
  if (caller?.kind === 'agent') {
    if (ownerId !== undefined && ownerId !== caller.grant.ownerId) {
      throw new PlugboardError('forbidden', 'This MCP token acts for another owner.');
    }
    return caller.grant;
  }
  if (caller?.kind !== 'workspace') throw new PlugboardError('forbidden', 'Use a workspace API key or an MCP token.');
  if (ownerId === undefined) {
    throw new ValidationError('Name the end user the agent acts for: `?ownerId=...` (or use an MCP token).', [
      { path: 'query.ownerId', message: 'required with an API key' },
    ]);
  }
  return {
    workspaceId: caller.workspaceId,
    keyId: caller.keyId,
    ownerId,
    providers: null,
    tools: null,
    tokenId: null,
    expiresAt: null,
  };
}

/**
 * Refuses a request a web page sent from a foreign origin (DNS rebinding, a page driving a local agent's hub):
 * a request without `Origin` is not from a browser; one with it must come from the hub itself or one of the
 * workspace's allowed return origins.
 */
export async function assertAgentOrigin(ctx: Context, hub: Hub, workspaceId: string): Promise<void> {
  const origin = ctx.get('Origin');
  if (!origin || origin === new URL(hub.publicUrl).origin) return;
  const workspace = await hub.workspaces.get(workspaceId);
  if (!workspace.allowedReturnOrigins.includes(origin)) {
    throw new PlugboardError('forbidden', `Requests from the origin ${origin} may not use the MCP endpoint.`);
  }
}
