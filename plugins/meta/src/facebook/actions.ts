import { type ActionDefinition, ValidationError } from '@plugboard/core';
import { z } from 'zod';
import { fetchManagedPages, pageSecretKey } from './pages.js';

const pageSummary = z.object({ id: z.string(), name: z.string() });

/** `list-pages` and `select-page`: the post-connect choice of which page the connection works with. */
export function pageActions(): Record<string, ActionDefinition<any, any>> {
  const listPages: ActionDefinition<Record<string, never>, z.output<typeof pageSummary>[]> = {
    description: 'The pages the user granted: ids and names only (page tokens stay encrypted in the hub).',
    annotations: { title: 'List pages', readOnly: true, idempotent: true },
    input: z.object({}).strict(),
    // The allow-list: a page token can never be part of the answer.
    output: z.array(pageSummary),
    async run({ fetch }) {
      const pages = await fetchManagedPages(fetch);
      return pages.map((page) => ({ id: page.id, name: page.name }));
    },
  };
  const selectPage: ActionDefinition<{ pageId: string }, { pageId: string; pageName: string }> = {
    description: 'Chooses the page this connection works with; stored as metadata pageId and pageName.',
    annotations: { title: 'Select a page', readOnly: false, destructive: false, idempotent: true },
    input: z.object({ pageId: z.string().regex(/^\d{1,30}$/, 'a numeric page id') }).strict(),
    output: z.object({ pageId: z.string(), pageName: z.string() }),
    async run({ input, fetch, secrets, updateMetadata }) {
      const page = (await fetchManagedPages(fetch)).find((candidate) => candidate.id === input.pageId);
      if (!page) {
        throw new ValidationError('The user did not grant this page.', [
          { path: 'input.pageId', message: 'not granted' },
        ]);
      }
      // A page granted after the connect has no stored token: reconnecting captures it.
      if (!(pageSecretKey(page.id) in secrets)) {
        throw new ValidationError('This page was granted after the connection was made; connect again to use it.', [
          { path: 'input.pageId', message: 'no page token; reconnect' },
        ]);
      }
      await updateMetadata({ pageId: page.id, pageName: page.name });
      return { pageId: page.id, pageName: page.name };
    },
  };
  return { 'list-pages': listPages, 'select-page': selectPage };
}
