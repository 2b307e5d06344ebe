import type { EngineContext } from '../context.js';
import type { EndpointContext, OAuth2Auth, Provider } from '../contract/types.js';
import { ValidationError } from '../errors.js';
import { resolveServer } from '../oauth/authorization-server.js';
import type { TokenRequestParts } from '../oauth/code-exchange.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';

/** Everything a token request needs for an OAuth2 provider in a workspace, with the client the connection uses. */
export async function tokenRequestParts(
  ctx: EngineContext,
  oauthApps: ReturnType<typeof createOAuthAppService>,
  provider: Provider<unknown>,
  workspaceId: string,
  appId?: string | null,
  endpoints: EndpointContext = { metadata: {} },
): Promise<TokenRequestParts> {
  const auth = provider.auth as OAuth2Auth;
  const client = await oauthApps.resolve(workspaceId, provider.id, appId);
  if (!client) {
    throw new ValidationError(`No OAuth client is configured for provider "${provider.id}" in this workspace.`);
  }
  return {
    provider,
    auth,
    client,
    server: await resolveServer(provider, auth, ctx.fetch, endpoints),
    fetch: ctx.fetch,
    timeoutMs: ctx.providerTimeoutMs,
  };
}
