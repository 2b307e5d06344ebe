import { type AccountContext, type AccountInfo, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { fetchManagedPages, pageSecrets } from './pages.js';

/** What a `facebook-pages` connection keeps: the page chosen with `select-page`, once chosen. */
export const facebookMetadataSchema = z.object({ pageId: z.string().optional(), pageName: z.string().optional() });

/** The metadata of a `facebook-pages` connection. */
export type FacebookPagesMetadata = z.output<typeof facebookMetadataSchema>;

const meAnswer = z.object({ id: z.coerce.string(), name: z.string().optional() });

/** Who connected (GET /me), and the page tokens of the pages they granted, kept as encrypted secrets. */
export async function facebookAccount({ fetch }: AccountContext): Promise<AccountInfo<FacebookPagesMetadata>> {
  const me = await readProviderJson(fetch, '/me?fields=id,name', meAnswer, { what: 'read the connected user' });
  const pages = await fetchManagedPages(fetch);
  return { id: me.id, name: me.name, metadata: {}, secrets: pageSecrets(pages) };
}
