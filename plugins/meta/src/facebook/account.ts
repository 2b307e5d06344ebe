import { type AccountContext, type AccountInfo, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { fetchManagedPages, pageSecrets } from './pages.js';

/** How many pages a connection's metadata lists; past it, `pagesTruncated` is true. */
export const MAX_METADATA_PAGES = 200;

/**
 * What a `facebook-pages` connection keeps: the pages granted at connect (ids, names and, when `instagram_basic`
 * was asked for, each one's linked Instagram business account id or null; at most 200, `pagesTruncated` when there
 * were more), and the page chosen with `select-page`, once chosen.
 */
export const facebookMetadataSchema = z.object({
  pages: z.array(z.object({ id: z.string(), name: z.string(), igUserId: z.string().nullable().optional() })).optional(),
  pagesTruncated: z.boolean().optional(),
  pageId: z.string().optional(),
  pageName: z.string().optional(),
});

/** The metadata of a `facebook-pages` connection. */
export type FacebookPagesMetadata = z.output<typeof facebookMetadataSchema>;

const meAnswer = z.object({ id: z.coerce.string(), name: z.string().optional() });

/**
 * The account step: who connected (GET /me), the pages they granted in the metadata, and each page's token kept
 * as an encrypted secret (every page, not only the listed 200, so any of them can be selected).
 */
export function facebookAccount(scopes: string[]) {
  // Graph answers a page's `instagram_business_account` only under `instagram_basic`; without it, it is not asked.
  const instagram = scopes.includes('instagram_basic');
  return async ({ fetch }: AccountContext): Promise<AccountInfo<FacebookPagesMetadata>> => {
    const me = await readProviderJson(fetch, '/me?fields=id,name', meAnswer, { what: 'read the connected user' });
    const pages = await fetchManagedPages(fetch, { instagram });
    const listed = pages.slice(0, MAX_METADATA_PAGES).map(({ id, name, igUserId }) => ({
      id,
      name,
      ...(igUserId !== undefined && { igUserId }),
    }));
    return {
      id: me.id,
      name: me.name,
      metadata: { pages: listed, pagesTruncated: pages.length > MAX_METADATA_PAGES },
      secrets: pageSecrets(pages),
    };
  };
}
