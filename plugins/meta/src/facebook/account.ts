import type { AccountContext, AccountInfo } from '@plugboard/core';
import { z } from 'zod';
import { readGraph } from '../graph-errors.js';
import { fetchManagedPages, pageSecrets } from './pages.js';

/** What a `facebook-pages` connection keeps: the page chosen with `select-page`, once chosen. */
export const facebookMetadataSchema = z.object({ pageId: z.string().optional(), pageName: z.string().optional() });

/** The metadata of a `facebook-pages` connection. */
export type FacebookPagesMetadata = z.output<typeof facebookMetadataSchema>;

const meAnswer = z.object({ id: z.coerce.string(), name: z.string().optional() });

/** Who connected (GET /me), and the page tokens of the pages they granted, kept as encrypted secrets. */
export async function facebookAccount(
  providerId: string,
  { fetch }: AccountContext,
): Promise<AccountInfo<FacebookPagesMetadata>> {
  const me = meAnswer.parse(await readGraph(providerId, await fetch('/me?fields=id,name'), 'read the connected user'));
  const pages = await fetchManagedPages(providerId, fetch);
  return { id: me.id, name: me.name, metadata: {}, secrets: pageSecrets(pages) };
}
