import { z } from 'zod';
import { type EngineContext, newId, nowIso, readJson } from '../context.js';
import { randomSecret, secretsEqual, sha256 } from '../crypto/secrets.js';
import { NotFoundError, parseOrThrow } from '../errors.js';
import { registerSecret } from '../log/logger.js';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, type Principal } from '../model.js';
import type { Database } from '../store/schema.js';

const KEY_PREFIX = 'pbk_';
// A key reads pbk_<row id without dashes>_<secret>: the id finds the row, the secret is checked by hash.
const KEY_PATTERN = /^pbk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** The key id a bearer claims to be (`pbk_<id>_...`), or undefined when it is not shaped like a workspace key. */
export function claimedKeyId(bearer: string): string | undefined {
  return KEY_PATTERN.exec(bearer)?.[1];
}

/** Input of a new API key. */
export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(200).default('default'),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
});

// A key is looked up once per few seconds, not on every proxied request; deleting it here forgets it at once,
// other processes within the TTL.
const AUTH_CACHE_TTL_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

/** Workspace API keys: shown once, stored as SHA-256 hashes, compared in constant time. */
export function createApiKeyService(ctx: EngineContext, workspaceExists: (id: string) => Promise<unknown>) {
  const recent = new Map<string, { principal: Principal; at: number }>();
  const forget = (matches: (principal: Extract<Principal, { kind: 'workspace' }>) => boolean) => {
    for (const [key, entry] of recent) {
      if (entry.principal.kind === 'workspace' && matches(entry.principal)) recent.delete(key);
    }
  };
  /** The principal of a key this process resolved within the cache TTL: one map lookup, no hashing, no I/O. */
  const recall = (bearer: string): Principal | undefined => {
    const cached = recent.get(bearer);
    return cached && Date.now() - cached.at < AUTH_CACHE_TTL_MS ? cached.principal : undefined;
  };
  return {
    async create(workspaceId: string, input: unknown): Promise<{ apiKey: ApiKey; key: string }> {
      const data = parseOrThrow(createApiKeyInput, input, 'API key');
      await workspaceExists(workspaceId);
      const id = newId();
      const secret = randomSecret(32);
      const key = `${KEY_PREFIX}${id.replaceAll('-', '')}_${secret}`;
      registerSecret(key);
      const row: Database['api_keys'] = {
        id,
        workspace_id: workspaceId,
        name: data.name,
        prefix: key.slice(0, 12),
        secret_hash: sha256(secret),
        scopes: JSON.stringify([...new Set(data.scopes)]),
        created_at: nowIso(),
        last_used_at: null,
      };
      await ctx.db.insertInto('api_keys').values(row).execute();
      return { apiKey: toApiKey(row), key };
    },
    /** The workspace's keys, oldest first: metadata only, never the secret or its hash. */
    async list(workspaceId: string): Promise<ApiKey[]> {
      await workspaceExists(workspaceId);
      const rows = await ctx.db
        .selectFrom('api_keys')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('id')
        .execute();
      return rows.map(toApiKey);
    },
    async delete(workspaceId: string, keyId: string): Promise<void> {
      const result = await ctx.db
        .deleteFrom('api_keys')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', keyId)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw new NotFoundError('API key');
      forget((principal) => principal.keyId === keyId);
    },
    /** Forgets the cached keys of a workspace whose keys were deleted (other processes: within the cache TTL). */
    forgetWorkspace(workspaceId: string): void {
      forget((principal) => principal.workspaceId === workspaceId);
    },
    recall,
    /** Resolves a workspace key to its principal, or null. */
    async authenticate(bearer: string): Promise<Principal | null> {
      const recalled = recall(bearer);
      if (recalled) return recalled;
      const match = KEY_PATTERN.exec(bearer);
      if (!match) return null;
      const hex = match[1]!;
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      const presented = sha256(match[2]!);
      const row = await ctx.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row || !secretsEqual(presented, row.secret_hash)) return null;
      const principal: Principal = {
        kind: 'workspace',
        workspaceId: row.workspace_id,
        keyId: row.id,
        scopes: readJson<ApiKeyScope[]>(row.scopes),
      };
      if (recent.size >= AUTH_CACHE_MAX) recent.clear();
      recent.set(bearer, { principal, at: Date.now() });
      return principal;
    },
  };
}

function toApiKey(row: Database['api_keys']): ApiKey {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    prefix: row.prefix,
    scopes: readJson<ApiKeyScope[]>(row.scopes),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
