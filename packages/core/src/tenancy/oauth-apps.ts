import { z } from 'zod';
import { type EngineContext, newId, nowIso, readJson } from '../context.js';
import { NotFoundError, parseOrThrow, ValidationError } from '../errors.js';
import { registerSecret } from '../log/logger.js';
import type { OAuthApp } from '../model.js';
import type { Database } from '../store/schema.js';

/** Input of a workspace's own OAuth client for a provider. */
export const putOAuthAppInput = z.object({
  clientId: z.string().min(1).max(500),
  clientSecret: z.string().min(1).max(2000).optional(),
  scopes: z.array(z.string().min(1).max(200)).max(100).optional(),
});

/** The client the engine uses for a provider in a workspace: the workspace's own, else the config's. */
export interface ResolvedClient {
  clientId: string;
  clientSecret: string | undefined;
  scopes: string[] | null;
  /** The oauth_apps row it came from, or null for the config's client. */
  appId: string | null;
}

/** A workspace's own OAuth apps, overriding the config's client per provider. Secrets are encrypted. */
export function createOAuthAppService(ctx: EngineContext) {
  const secretContext = (row: { workspace_id: string; id: string }) => ({
    workspaceId: row.workspace_id,
    rowId: row.id,
    field: 'oauth_apps.client_secret',
  });

  const find = (workspaceId: string, provider: string) =>
    ctx.db
      .selectFrom('oauth_apps')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('provider', '=', provider)
      .executeTakeFirst();

  return {
    async put(workspaceId: string, provider: string, input: unknown): Promise<OAuthApp> {
      if (ctx.provider(provider).auth.type !== 'oauth2') {
        throw new ValidationError(`Provider "${provider}" does not use OAuth2, so it has no OAuth app.`);
      }
      const data = parseOrThrow(putOAuthAppInput, input, 'OAuth app');
      registerSecret(data.clientSecret);
      const existing = await find(workspaceId, provider);
      const now = nowIso();
      const id = existing?.id ?? newId();
      const clientSecret =
        data.clientSecret === undefined
          ? null
          : ctx.keys.encrypt(data.clientSecret, secretContext({ workspace_id: workspaceId, id }));
      const row: Database['oauth_apps'] = {
        id,
        workspace_id: workspaceId,
        provider,
        client_id: data.clientId,
        client_secret: clientSecret,
        scopes: data.scopes ? JSON.stringify(data.scopes) : null,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      await ctx.db
        .insertInto('oauth_apps')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'provider']).doUpdateSet({
            client_id: row.client_id,
            client_secret: row.client_secret,
            scopes: row.scopes,
            updated_at: row.updated_at,
          }),
        )
        .execute();
      return toOAuthApp(row);
    },
    async get(workspaceId: string, provider: string): Promise<OAuthApp> {
      ctx.provider(provider);
      const row = await find(workspaceId, provider);
      if (!row) throw new NotFoundError(`OAuth app for provider "${provider}"`);
      return toOAuthApp(row);
    },
    async delete(workspaceId: string, provider: string): Promise<void> {
      const result = await ctx.db
        .deleteFrom('oauth_apps')
        .where('workspace_id', '=', workspaceId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError(`OAuth app for provider "${provider}"`);
    },
    /** The client for a provider in a workspace, or null when neither the workspace nor the config has one. */
    async resolve(workspaceId: string, provider: string, appId?: string | null): Promise<ResolvedClient | null> {
      const row = await find(workspaceId, provider);
      // A session started with one client must finish with the same one, even if the app changed meanwhile.
      if (row && (appId === undefined || appId === row.id)) {
        const secret = row.client_secret ? ctx.keys.decrypt(row.client_secret, secretContext(row)) : undefined;
        registerSecret(secret);
        return {
          clientId: row.client_id,
          clientSecret: secret,
          scopes: row.scopes ? readJson<string[]>(row.scopes) : null,
          appId: row.id,
        };
      }
      if (appId) return null;
      const auth = ctx.provider(provider).auth;
      if (auth.type !== 'oauth2' || !auth.client) return null;
      return { clientId: auth.client.clientId, clientSecret: auth.client.clientSecret, scopes: null, appId: null };
    },
  };
}

function toOAuthApp(row: Database['oauth_apps']): OAuthApp {
  return {
    provider: row.provider,
    clientId: row.client_id,
    hasClientSecret: row.client_secret !== null,
    scopes: row.scopes ? readJson<string[]>(row.scopes) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
