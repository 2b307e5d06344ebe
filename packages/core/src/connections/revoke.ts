import * as oauth from 'oauth4webapi';
import { type EngineContext, readJson } from '../context.js';
import type { Credentials } from '../contract/types.js';
import { clientAuthentication, requestOptions } from '../oauth/transport.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';
import { createProviderFetch } from './provider-fetch.js';
import type { ConnectionRow } from './rows.js';
import { tokenRequestParts } from './token-parts.js';

/** The outcome of revoking a grant at the provider, recorded on the connection.deleted event. */
export interface Revocation {
  revoked: boolean;
  error?: string;
}

/**
 * Revokes an OAuth2 grant at the provider: the plugin's `revoke` hook, else the RFC 7009 endpoint. Never
 * throws: a failed revocation is logged and reported, and the deletion goes on.
 */
export async function revokeGrant(
  ctx: EngineContext,
  oauthApps: ReturnType<typeof createOAuthAppService>,
  row: ConnectionRow,
  credentials: Credentials,
): Promise<Revocation> {
  const provider = ctx.provider(row.provider);
  const auth = provider.auth;
  if (auth.type !== 'oauth2' || credentials.type !== 'oauth2' || auth.revoke === 'none') return { revoked: false };
  const metadata = readJson<Record<string, unknown>>(row.metadata);
  const parts = await tokenRequestParts(ctx, oauthApps, provider, row.workspace_id, row.oauth_app_id, { metadata });
  const hook = typeof auth.revoke === 'function' ? auth.revoke : undefined;
  const endpoint = parts.server.revocation_endpoint;
  if (!hook && !endpoint) return { revoked: false };
  const token = credentials.refreshToken ?? credentials.accessToken;
  try {
    if (hook) {
      await hook({
        credentials,
        metadata,
        client: parts.client,
        fetch: createProviderFetch(provider, credentials, metadata, ctx.fetch, [], { sign: false }),
      });
      return { revoked: true };
    }
    const response = await oauth.revocationRequest(
      parts.server,
      { client_id: parts.client.clientId },
      clientAuthentication(parts.auth, parts.client.clientSecret),
      token,
      requestOptions(parts, endpoint!),
    );
    await oauth.processRevocationResponse(response);
    return { revoked: true };
  } catch (error) {
    ctx.logger.warn(
      { provider: provider.id, connectionId: row.id, err: (error as Error).message },
      'revocation failed',
    );
    return { revoked: false, error: (error as Error).message };
  }
}
