import { z } from 'zod';
import { metaAppOptions, originSchema } from '../options.js';

/** Options of the `instagram` provider (Instagram API with Instagram Login). */
export const instagramOptions = z.object({
  ...metaAppOptions,
  /** Where Instagram's three hosts are; change them only to point tests at a fake. */
  endpoints: z
    .object({
      authorize: originSchema.default('https://www.instagram.com'),
      token: originSchema.default('https://api.instagram.com'),
      graph: originSchema.default('https://graph.instagram.com'),
    })
    .prefault({}),
});

/** The `instagram` options as a config file writes them. */
export type InstagramOptions = z.input<typeof instagramOptions>;

/** Scopes asked for when the config names none: the professional account's profile and media. */
export const INSTAGRAM_DEFAULT_SCOPES = ['instagram_business_basic'];
