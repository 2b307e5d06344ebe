import { type EngineContext, nowIso, readJson } from '../context.js';
import type { Credentials, CredentialType } from '../contract/types.js';
import type { KeyRing } from '../crypto/keyring.js';
import { NotFoundError } from '../errors.js';
import { registerSecret } from '../log/logger.js';
import type { Connection, ConnectionStatus } from '../model.js';
import type { Database } from '../store/schema.js';

/** A connection row as stored. */
export type ConnectionRow = Database['connections'];

/**
 * The public view of a row: never credentials or secrets. The provider's display name comes from the loaded
 * provider (its id, when this hub no longer loads it).
 */
export function toConnection(row: ConnectionRow, providers: Pick<EngineContext, 'provider'>): Connection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    provider: row.provider,
    providerName: displayName(providers, row.provider),
    ownerId: row.owner_id,
    shared: row.shared === 1,
    accountId: row.account_id,
    accountName: row.account_name,
    status: row.status as ConnectionStatus,
    scopes: readJson<string[]>(row.scopes),
    credentialType: row.credential_type as CredentialType,
    tokenExpiresAt: row.token_expires_at,
    refreshTokenExpiresAt: row.refresh_token_expires_at,
    lastRefreshedAt: row.last_refreshed_at,
    lastUsedAt: row.last_used_at,
    lastError: row.last_error ? readJson<{ code: string; message: string }>(row.last_error) : null,
    metadata: readJson<Record<string, unknown>>(row.metadata),
    tags: readJson<Record<string, string>>(row.tags),
    name: row.name,
    expiresAt: row.expires_at,
    redactFields: readJson<string[]>(row.redact_fields ?? '[]'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Credentials as `/credentials` answers them: without the fields the caller asked to redact. */
export function withoutRedacted(credentials: Credentials, row: Pick<ConnectionRow, 'redact_fields'>): Credentials {
  if (!row.redact_fields) return credentials;
  const redacted = new Set(readJson<string[]>(row.redact_fields));
  return Object.fromEntries(Object.entries(credentials).filter(([name]) => !redacted.has(name))) as Credentials;
}

/** Encrypts a connection's credentials, bound to its workspace, row and field. */
export function sealCredentials(keys: KeyRing, workspaceId: string, rowId: string, credentials: Credentials): string {
  return keys.encrypt(JSON.stringify(credentials), { workspaceId, rowId, field: 'connections.credentials' });
}

/** Decrypts a connection's credentials and registers their secret values for log redaction. */
export function openCredentials(
  keys: KeyRing,
  row: Pick<ConnectionRow, 'workspace_id' | 'id' | 'credentials'>,
): Credentials {
  const credentials = readJson<Credentials>(
    keys.decrypt(row.credentials, { workspaceId: row.workspace_id, rowId: row.id, field: 'connections.credentials' }),
  );
  registerCredentialSecrets(credentials);
  return credentials;
}

/** Registers every secret value of a credential set, so no logger prints it. */
export function registerCredentialSecrets(credentials: Credentials): void {
  for (const [name, value] of Object.entries(credentials)) {
    if (name === 'type' || name === 'tokenType' || name === 'expiresAt' || name === 'refreshTokenExpiresAt') continue;
    if (typeof value === 'string') registerSecret(value);
    else if (name === 'extra' && value)
      for (const extra of Object.values(value as Record<string, string>)) registerSecret(extra);
  }
}

/** Encrypts a connection's extra secrets (Meta page tokens), bound to its workspace, row and field. */
export function sealSecrets(
  keys: KeyRing,
  workspaceId: string,
  rowId: string,
  secrets: Record<string, string>,
): string {
  for (const value of Object.values(secrets)) registerSecret(value);
  return keys.encrypt(JSON.stringify(secrets), { workspaceId, rowId, field: 'connections.secrets' });
}

/** Decrypts a connection's extra secrets ({} when it has none) and registers them for log redaction. */
export function openSecrets(
  keys: KeyRing,
  row: Pick<ConnectionRow, 'workspace_id' | 'id' | 'secrets'>,
): Record<string, string> {
  if (!row.secrets) return {};
  const secrets = readJson<Record<string, string>>(
    keys.decrypt(row.secrets, { workspaceId: row.workspace_id, rowId: row.id, field: 'connections.secrets' }),
  );
  for (const value of Object.values(secrets)) registerSecret(value);
  return secrets;
}

/**
 * A connection row of a workspace, or not_found (also for another workspace's id, and for one past its
 * `expiresAt`: gone at once for every use, before the background deletes it).
 */
export async function findConnectionRow(ctx: EngineContext, workspaceId: string, id: string): Promise<ConnectionRow> {
  const row = await ctx.db
    .selectFrom('connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso())]))
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Connection');
  return row;
}

function displayName(providers: Pick<EngineContext, 'provider'>, id: string): string {
  try {
    return providers.provider(id).name;
  } catch {
    return id;
  }
}
