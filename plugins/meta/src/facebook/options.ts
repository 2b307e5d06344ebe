import { z } from 'zod';
import { metaAppOptions, originSchema } from '../options.js';

/** Options of the `facebook-pages` provider. */
export const facebookOptions = z.object({
  ...metaAppOptions,
  /** Where Meta's hosts are; change them only to point tests at a fake. */
  endpoints: z
    .object({
      dialog: originSchema.default('https://www.facebook.com'),
      graph: originSchema.default('https://graph.facebook.com'),
    })
    .prefault({}),
});

/** The `facebook-pages` options as a config file writes them. */
export type FacebookPagesOptions = z.input<typeof facebookOptions>;

/** Scopes asked for when the config names none: enough to list the user's pages and read them. */
export const FACEBOOK_DEFAULT_SCOPES = ['pages_show_list', 'pages_read_engagement'];
