import { type AgentGrant, type ApiKeyScope, type Hub, PlugboardError, type Principal } from '@plugboard/core';

/**
 * Who may call a route: anyone, the admin, any valid key, a workspace key holding a scope, or an agent (a
 * workspace key with `mcp`, or an MCP token: the only route an MCP token opens).
 */
export type Access = 'public' | 'admin' | 'authenticated' | { scope: ApiKeyScope } | 'agent';

/** An authenticated caller: a key's principal, or an agent holding an MCP token. */
export type Caller = Principal | { kind: 'agent'; grant: AgentGrant };

/** A workspace key's principal. */
export type WorkspacePrincipal = Extract<Principal, { kind: 'workspace' }>;

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Resolves the `Authorization` header and checks the principal may use a route with `access`:
 * 401 without a valid key, 403 with a key of the wrong kind or without the scope, 429 after repeated failures
 * from `client` (the socket's address, never a forwarding header) or for one key id. Public routes get null.
 */
export async function authorize(
  hub: Hub,
  header: string,
  access: Access,
  client?: string | undefined,
): Promise<Caller | null> {
  if (access === 'public') return null;
  const token = bearerToken(header);
  if (access === 'agent' && hub.agents.isToken(token))
    return { kind: 'agent', grant: await hub.agents.verifyToken(token) };
  const principal = await principalOf(hub, token, client);
  if (access === 'authenticated') return principal;
  if (access === 'admin') {
    if (principal.kind !== 'admin') throw new PlugboardError('forbidden', 'This route needs the admin key.');
    return principal;
  }
  return admitWorkspace(principal, access === 'agent' ? 'mcp' : access.scope);
}

/**
 * `authorize` for a route that needs a workspace key's scope: the principal itself, without a promise, when this
 * process resolved the key within the last few seconds (the proxy's hot path); a promise of it otherwise.
 */
export function authorizeScope(
  hub: Hub,
  header: string,
  scope: ApiKeyScope,
  client?: string | undefined,
): WorkspacePrincipal | Promise<WorkspacePrincipal> {
  const principal = principalOf(hub, bearerToken(header), client);
  if (principal instanceof Promise) return principal.then((resolved) => admitWorkspace(resolved, scope));
  return admitWorkspace(principal, scope);
}

function bearerToken(header: string): string {
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new PlugboardError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
  return token;
}

// The key's principal: at once for a key this process resolved lately, else a promise of it; 401 for no valid key.
function principalOf(hub: Hub, token: string, client: string | undefined): Principal | Promise<Principal> {
  return (
    hub.auth.recall(token, client) ??
    hub.auth.authenticate(token, client).then((principal) => {
      if (!principal) throw new PlugboardError('unauthorized', 'The API key is not valid.');
      return principal;
    })
  );
}

// 403 unless the principal is a workspace key holding `scope`.
function admitWorkspace(principal: Principal, scope: ApiKeyScope): WorkspacePrincipal {
  if (principal.kind !== 'workspace') {
    throw new PlugboardError(
      'forbidden',
      'The admin key does not act inside a workspace: use a workspace API key for this route.',
    );
  }
  if (!principal.scopes.includes(scope)) {
    throw new PlugboardError('forbidden', `This API key lacks the "${scope}" scope.`);
  }
  return principal;
}
