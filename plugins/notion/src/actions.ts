import { type ActionDefinition, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

// developers.notion.com/reference/post-search: pages and data sources shared with the integration.
const searchAnswer = z.object({
  results: z.array(
    z.looseObject({
      object: z.string(),
      id: z.string(),
      url: z.string().optional(),
      last_edited_time: z.string().optional(),
      properties: z.record(z.string(), z.unknown()).optional(),
      title: z.array(z.object({ plain_text: z.string() })).optional(),
    }),
  ),
  next_cursor: z.string().nullable().default(null),
  has_more: z.boolean().default(false),
});

const result = z.object({
  id: z.string(),
  object: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  lastEditedTime: z.string().nullable(),
});

// A page keeps its title in whichever property has type `title`; a data source has a top-level `title`.
function titleOf(item: z.output<typeof searchAnswer>['results'][number]): string {
  const rich = item.title ?? [];
  if (rich.length > 0) return rich.map((part) => part.plain_text).join('');
  for (const property of Object.values(item.properties ?? {})) {
    const value = property as { type?: unknown; title?: { plain_text?: unknown }[] };
    if (value.type === 'title' && Array.isArray(value.title)) {
      return value.title.map((part) => (typeof part.plain_text === 'string' ? part.plain_text : '')).join('');
    }
  }
  return '';
}

/** Notion's typed calls: search what the user shared with the integration. */
export function notionActions(): Record<string, ActionDefinition<any, any>> {
  const search: ActionDefinition<
    { query: string; filter?: 'page' | 'data_source' | undefined; pageSize: number; cursor?: string | undefined },
    { results: z.output<typeof result>[]; nextCursor: string | null }
  > = {
    description:
      'Searches the pages and databases the user shared with this integration by title, most recently edited first.',
    annotations: { title: 'Search Notion', readOnly: true, idempotent: true },
    input: z.object({
      query: z.string().max(500).default(''),
      filter: z.enum(['page', 'data_source']).optional().describe('Only pages, or only databases.'),
      pageSize: z.number().int().min(1).max(100).default(20),
      cursor: z.string().min(1).max(500).optional(),
    }),
    output: z.object({ results: z.array(result), nextCursor: z.string().nullable() }),
    async run({ input, fetch }) {
      const answer = await readProviderJson(fetch, 'search', searchAnswer, {
        what: 'search',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...(input.query && { query: input.query }),
          ...(input.filter && { filter: { property: 'object', value: input.filter } }),
          sort: { direction: 'descending', timestamp: 'last_edited_time' },
          page_size: input.pageSize,
          ...(input.cursor && { start_cursor: input.cursor }),
        }),
      });
      return {
        results: answer.results.map((item) => ({
          id: item.id,
          object: item.object,
          title: titleOf(item),
          url: item.url ?? null,
          lastEditedTime: item.last_edited_time ?? null,
        })),
        nextCursor: answer.has_more ? answer.next_cursor : null,
      };
    },
  };
  return { search };
}
