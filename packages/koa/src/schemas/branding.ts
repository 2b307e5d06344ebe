import { brandingInput, logoInput } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Id, Timestamp } from './common.js';

/** A workspace's branding as the API shows it (the logo's bytes are served by the public logo route). */
export const BrandingSchema = z
  .object({
    displayName: z.string().nullable(),
    accentColor: z.string().nullable(),
    logo: z.object({ contentType: z.string(), sha256: z.string(), size: z.number().int() }).nullable(),
    updatedAt: Timestamp.nullable(),
  })
  .register(apiSchemas, { id: 'Branding' });

/** `{ branding }`. */
export const BrandingReply = z.object({ branding: BrandingSchema });

/** Body of `PUT /v1/workspaces/:id/branding`. */
export const PutBrandingBody = brandingInput;

/** Body of `PUT /v1/workspaces/:id/branding/logo`: PNG, JPEG, WebP or SVG, base64, at most 256 KiB decoded. */
export const PutLogoBody = logoInput;

/** Path and cache-busting version of a workspace's public logo. */
export const LogoParams = z.strictObject({ id: Id });
export const LogoQuery = z.object({ v: z.string().max(128).optional() });
