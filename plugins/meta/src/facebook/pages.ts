import { type ProviderFetch, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

/** One page the user manages, with its page access token (a secret: never in metadata or an output). */
export interface ManagedPage {
  id: string;
  name: string;
  accessToken: string | undefined;
  /** The linked Instagram business account's id; null when none is linked, undefined when not asked for. */
  igUserId?: string | null;
}

const pageAnswer = z.object({
  data: z.array(
    z.object({
      id: z.coerce.string(),
      name: z.string(),
      access_token: z.string().optional(),
      instagram_business_account: z.object({ id: z.coerce.string() }).optional(),
    }),
  ),
  paging: z.object({ cursors: z.object({ after: z.string() }).optional(), next: z.string().optional() }).optional(),
});

// /me/accounts pages 25 at a time; a person rarely manages more than a few hundred pages.
const MAX_PAGES_OF_RESULTS = 20;

/**
 * GET /me/accounts, following its cursors: the pages the user granted, each with its page token, and with
 * `instagram: true` each one's linked Instagram business account (the field needs the `instagram_basic` permission).
 */
export async function fetchManagedPages(
  fetch: ProviderFetch,
  { instagram = false }: { instagram?: boolean } = {},
): Promise<ManagedPage[]> {
  const pages: ManagedPage[] = [];
  const fields = `id,name,access_token${instagram ? ',instagram_business_account{id}' : ''}`;
  let after: string | undefined;
  for (let round = 0; round < MAX_PAGES_OF_RESULTS; round += 1) {
    const query = new URLSearchParams({ fields, limit: '100' });
    if (after) query.set('after', after);
    const answer = await readProviderJson(fetch, `/me/accounts?${query}`, pageAnswer, {
      what: 'list the pages the user manages',
    });
    for (const page of answer.data) {
      const linked = instagram ? { igUserId: page.instagram_business_account?.id ?? null } : {};
      pages.push({ id: page.id, name: page.name, accessToken: page.access_token, ...linked });
    }
    after = answer.paging?.next ? answer.paging.cursors?.after : undefined;
    if (!after) break;
  }
  return pages;
}

/** The key a page's access token is kept under in the connection's encrypted secrets. */
export function pageSecretKey(pageId: string): string {
  return `page:${pageId}`;
}

/** The connection secrets holding each page's access token. */
export function pageSecrets(pages: ManagedPage[]): Record<string, string> {
  return Object.fromEntries(
    pages.flatMap((page) => (page.accessToken ? [[pageSecretKey(page.id), page.accessToken]] : [])),
  );
}
