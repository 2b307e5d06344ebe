import { z } from 'zod';
import { type EngineContext, newId, nowIso, readJson } from '../context.js';
import { NotFoundError, parseOrThrow } from '../errors.js';
import type { Workspace } from '../model.js';
import type { Database } from '../store/schema.js';

const originSchema = z
  .string()
  .url({ abort: true })
  .refine((value) => {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '');
  }, 'must be an origin like https://app.example.com (scheme, host and port only)')
  .transform((value) => new URL(value).origin);

const redirectUriSchema = z
  .string()
  .url({ abort: true })
  .refine((value) => {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '' && url.username === '';
  }, 'must be an absolute http(s) URL without fragment or credentials');

/** Input of a new workspace. */
export const createWorkspaceInput = z.object({
  name: z.string().trim().min(1).max(200),
  allowedReturnOrigins: z.array(originSchema).max(100).default([]),
  allowedRedirectUris: z.array(redirectUriSchema).max(100).default([]),
});

/** Workspaces: the tenants. */
export function createWorkspaceService(ctx: EngineContext) {
  return {
    async create(input: unknown): Promise<Workspace> {
      const data = parseOrThrow(createWorkspaceInput, input, 'workspace');
      const now = nowIso();
      const row: Database['workspaces'] = {
        id: newId(),
        name: data.name,
        allowed_return_origins: JSON.stringify(data.allowedReturnOrigins),
        allowed_redirect_uris: JSON.stringify(data.allowedRedirectUris),
        created_at: now,
        updated_at: now,
      };
      await ctx.db.insertInto('workspaces').values(row).execute();
      return toWorkspace(row);
    },
    async get(id: string): Promise<Workspace> {
      const row = await ctx.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('Workspace');
      return toWorkspace(row);
    },
    async list(): Promise<Workspace[]> {
      const rows = await ctx.db.selectFrom('workspaces').selectAll().orderBy('id').execute();
      return rows.map(toWorkspace);
    },
  };
}

function toWorkspace(row: Database['workspaces']): Workspace {
  return {
    id: row.id,
    name: row.name,
    allowedReturnOrigins: readJson<string[]>(row.allowed_return_origins),
    allowedRedirectUris: readJson<string[]>(row.allowed_redirect_uris),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
