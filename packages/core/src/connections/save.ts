import { type EngineContext, newId, nowIso, readJson } from '../context.js';
import type { AccountInfo, Credentials, Provider } from '../contract/types.js';
import { recordEvent } from '../events/outbox.js';
import type { Connection } from '../model.js';
import { sql } from '../vendor/kysely.js';
import { type ConnectionRow, registerCredentialSecrets, sealCredentials, sealSecrets, toConnection } from './rows.js';
import { type Tags, writeTagRows } from './tags.js';

/** What every new or reconnected account brings to the store. */
export interface AccountWrite {
  workspaceId: string;
  provider: Provider<unknown>;
  ownerId: string | null;
  shared: boolean;
  account: AccountInfo;
  credentials: Credentials;
  scopes: string[];
  /** The workspace OAuth app the tokens were issued to; null for the config's client. */
  oauthAppId: string | null;
  /** End-user tags: replace the connection's when given; a reconnect without keeps them. */
  tags?: Tags | undefined;
  /** The caller's name, expiry and redacted raw fields: replace the connection's when given, as tags do. */
  name?: string | undefined;
  expiresAt?: string | undefined;
  redactFields?: string[] | undefined;
}

/**
 * Stores a connected account. New account: insert. Known account (same workspace, provider, account and
 * owner): fresh credentials, same id.
 */
export async function saveAccount(ctx: EngineContext, write: AccountWrite, attempt = 0): Promise<Connection> {
  registerCredentialSecrets(write.credentials);
  const ownerKey = write.ownerId ?? '';
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('connections')
        .select(['id', 'created_at', 'metadata_choices', 'tags', 'name', 'expires_at', 'redact_fields'])
        .where('workspace_id', '=', write.workspaceId)
        .where('provider', '=', write.provider.id)
        .where('account_id', '=', write.account.id)
        .where('owner_key', '=', ownerKey)
        .executeTakeFirst();
      const now = nowIso();
      const id = existing?.id ?? newId();
      const row: ConnectionRow = {
        id,
        workspace_id: write.workspaceId,
        provider: write.provider.id,
        owner_id: write.ownerId,
        owner_key: ownerKey,
        shared: write.shared ? 1 : 0,
        account_id: write.account.id,
        account_name: write.account.name ?? null,
        status: 'active',
        scopes: JSON.stringify(write.scopes),
        credential_type: write.credentials.type,
        credentials: sealCredentials(ctx.keys, write.workspaceId, id, write.credentials),
        secrets: write.account.secrets ? sealSecrets(ctx.keys, write.workspaceId, id, write.account.secrets) : null,
        token_expires_at: write.credentials.type === 'oauth2' ? (write.credentials.expiresAt ?? null) : null,
        refresh_token_expires_at:
          write.credentials.type === 'oauth2' ? (write.credentials.refreshTokenExpiresAt ?? null) : null,
        last_refreshed_at: null,
        last_used_at: null,
        last_error: null,
        // A reconnect replaces what the account step says and keeps what actions chose (a selected property).
        metadata: JSON.stringify({
          ...(write.account.metadata ?? {}),
          ...readJson(existing?.metadata_choices ?? '{}'),
        }),
        metadata_choices: existing?.metadata_choices ?? null,
        created_at: existing?.created_at ?? now,
        updated_at: now,
        lease_owner: null,
        lease_expires_at: null,
        version: 0,
        refresh_failures: 0,
        refresh_retry_at: null,
        oauth_app_id: write.oauthAppId,
        tags: write.tags ? JSON.stringify(write.tags) : (existing?.tags ?? '{}'),
        name: write.name ?? existing?.name ?? null,
        expires_at: write.expiresAt ?? existing?.expires_at ?? null,
        redact_fields: write.redactFields ? JSON.stringify(write.redactFields) : (existing?.redact_fields ?? null),
      };
      if (existing) {
        const { id: _id, created_at: _created, version: _version, ...changes } = row;
        // A reconnect replaces the credentials: bumping the version makes any in-flight refresh's write lose.
        await trx
          .updateTable('connections')
          .set({ ...changes, version: sql`version + 1` })
          .where('id', '=', id)
          .execute();
      } else {
        await trx.insertInto('connections').values(row).execute();
      }
      if (write.tags) await writeTagRows(trx, { workspaceId: write.workspaceId, id }, write.tags);
      ctx.connectionCache.forget(id);
      const connection = toConnection(row, ctx);
      await recordEvent(trx, write.workspaceId, existing ? 'connection.updated' : 'connection.created', {
        connection,
      });
      return connection;
    });
  } catch (error) {
    // Two first connects of one account raced on Postgres: the loser's retry finds the winner's row.
    if (attempt === 0 && isUniqueViolation(error)) return saveAccount(ctx, write, 1);
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
