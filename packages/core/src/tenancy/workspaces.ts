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

const settings = {
  name: z.string().trim().min(1).max(200),
  allowedReturnOrigins: z.array(originSchema).max(100),
  allowedRedirectUris: z.array(redirectUriSchema).max(100),
  sharedProviders: z.array(z.string().min(1).max(100)).max(100),
};

/** Input of a new workspace. */
export const createWorkspaceInput = z.object({
  name: settings.name,
  allowedReturnOrigins: settings.allowedReturnOrigins.default([]),
  allowedRedirectUris: settings.allowedRedirectUris.default([]),
  sharedProviders: settings.sharedProviders.default([]),
});

/** Input of a workspace change: the settings given replace the stored ones; at least one. */
export const updateWorkspaceInput = z
  .object({
    name: settings.name.optional(),
    allowedReturnOrigins: settings.allowedReturnOrigins.optional(),
    allowedRedirectUris: settings.allowedRedirectUris.optional(),
    sharedProviders: settings.sharedProviders.optional(),
  })
  .refine((value) => Object.values(value).some((setting) => setting !== undefined), 'nothing to change');

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
        shared_providers: JSON.stringify([...new Set(data.sharedProviders)]),
        deleting_at: null,
        created_at: now,
        updated_at: now,
      };
      await ctx.db.insertInto('workspaces').values(row).execute();
      return toWorkspace(row);
    },
    async get(id: string): Promise<Workspace> {
      const row = await ctx.db
        .selectFrom('workspaces')
        .selectAll()
        .where('id', '=', id)
        .where('deleting_at', 'is', null)
        .executeTakeFirst();
      if (!row) throw new NotFoundError('Workspace');
      return toWorkspace(row);
    },
    /** Replaces the settings given; the others stay. */
    async update(id: string, input: unknown): Promise<Workspace> {
      const data = parseOrThrow(updateWorkspaceInput, input, 'workspace');
      const row = await ctx.db
        .updateTable('workspaces')
        .set({
          ...(data.name !== undefined && { name: data.name }),
          ...(data.allowedReturnOrigins && { allowed_return_origins: JSON.stringify(data.allowedReturnOrigins) }),
          ...(data.allowedRedirectUris && { allowed_redirect_uris: JSON.stringify(data.allowedRedirectUris) }),
          ...(data.sharedProviders && { shared_providers: JSON.stringify([...new Set(data.sharedProviders)]) }),
          updated_at: nowIso(),
        })
        .where('id', '=', id)
        .where('deleting_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('Workspace');
      return toWorkspace(row);
    },
    async list(): Promise<Workspace[]> {
      const rows = await ctx.db
        .selectFrom('workspaces')
        .selectAll()
        .where('deleting_at', 'is', null)
        .orderBy('id')
        .execute();
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
    sharedProviders: readJson<string[]>(row.shared_providers),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
