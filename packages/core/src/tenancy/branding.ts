import { z } from 'zod';
import { type EngineContext, nowIso } from '../context.js';
import { sha256 } from '../crypto/secrets.js';
import { parseOrThrow } from '../errors.js';
import { checkImage, IMAGE_TYPES, MAX_IMAGE_BYTES } from '../images/image.js';
import type { AppAppearance, Branding, Workspace } from '../model.js';
import type { Database } from '../store/schema.js';

/** Input of a workspace's branding: what its users see of the app on the connect pages. */
export const brandingInput = z
  .object({
    displayName: z.string().trim().min(1).max(100).nullable().default(null),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1a73e8')
      .transform((value) => value.toLowerCase())
      .nullable()
      .default(null),
  })
  .strict();

/** Input of a workspace's logo: its type and its bytes in base64. */
export const logoInput = z
  .object({
    contentType: z.enum(IMAGE_TYPES),
    // Base64 of at most MAX_IMAGE_BYTES, so an oversized logo is refused before it is decoded.
    data: z.base64().max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4),
  })
  .strict();

type BrandingRow = Database['workspace_branding'];

/** A workspace's logo as the hub serves it. */
export interface Logo {
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

/** Workspace branding: display name, accent colour and logo, kept in the database and shown by the connect pages. */
export function createBrandingService(ctx: EngineContext, deps: { workspace(id: string): Promise<Workspace> }) {
  const row = (workspaceId: string) =>
    ctx.db.selectFrom('workspace_branding').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();

  // One row per workspace, made by whichever write comes first.
  const upsert = async (workspaceId: string, values: Partial<Omit<BrandingRow, 'workspace_id'>>) => {
    const updatedAt = nowIso();
    await ctx.db
      .insertInto('workspace_branding')
      .values({
        workspace_id: workspaceId,
        display_name: null,
        accent_color: null,
        logo_type: null,
        logo_data: null,
        logo_sha256: null,
        ...values,
        updated_at: updatedAt,
      })
      .onConflict((conflict) => conflict.column('workspace_id').doUpdateSet({ ...values, updated_at: updatedAt }))
      .execute();
  };

  const get = async (workspaceId: string): Promise<Branding> => {
    await deps.workspace(workspaceId);
    return toBranding(await row(workspaceId));
  };

  return {
    get,
    async put(workspaceId: string, input: unknown): Promise<Branding> {
      const data = parseOrThrow(brandingInput, input, 'branding');
      await deps.workspace(workspaceId);
      await upsert(workspaceId, { display_name: data.displayName, accent_color: data.accentColor });
      return get(workspaceId);
    },
    /** Checks (type, size, the bytes really are that type; an SVG is sanitised) and stores a logo. */
    async putLogo(workspaceId: string, input: unknown): Promise<Branding> {
      const data = parseOrThrow(logoInput, input, 'logo');
      await deps.workspace(workspaceId);
      const bytes = checkImage(data.contentType, Buffer.from(data.data, 'base64'), 'The logo');
      await upsert(workspaceId, {
        logo_type: data.contentType,
        logo_data: bytes.toString('base64'),
        logo_sha256: sha256(bytes.toString('base64')),
      });
      return get(workspaceId);
    },
    async deleteLogo(workspaceId: string): Promise<void> {
      await deps.workspace(workspaceId);
      await upsert(workspaceId, { logo_type: null, logo_data: null, logo_sha256: null });
    },
    /** The logo's bytes, or null (also for an unknown workspace: the public logo route tells nothing apart). */
    async logo(workspaceId: string): Promise<Logo | null> {
      const found = await row(workspaceId);
      if (!found?.logo_data || !found.logo_type || !found.logo_sha256) return null;
      return { contentType: found.logo_type, bytes: Buffer.from(found.logo_data, 'base64'), sha256: found.logo_sha256 };
    },
    /** How the connect pages present a workspace's app: its display name (else the workspace's), colour, logo. */
    async appearance(workspaceId: string): Promise<AppAppearance> {
      const [workspace, branding] = await Promise.all([deps.workspace(workspaceId), row(workspaceId).then(toBranding)]);
      return {
        workspaceId: workspace.id,
        name: branding.displayName ?? workspace.name,
        accentColor: branding.accentColor,
        logoVersion: branding.logo?.sha256 ?? null,
      };
    },
  };
}

function toBranding(row: BrandingRow | undefined): Branding {
  return {
    displayName: row?.display_name ?? null,
    accentColor: row?.accent_color ?? null,
    logo:
      row?.logo_type && row.logo_sha256 && row.logo_data
        ? {
            contentType: row.logo_type,
            sha256: row.logo_sha256,
            size: Buffer.byteLength(row.logo_data, 'base64'),
          }
        : null,
    updatedAt: row?.updated_at ?? null,
  };
}
