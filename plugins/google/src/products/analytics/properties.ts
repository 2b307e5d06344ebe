import { type ProviderFetch, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

/** A Google Analytics (GA4) property the connected user can see. */
export const propertySchema = z.object({
  /** Resource name, e.g. `properties/123456`. */
  id: z.string(),
  name: z.string(),
  /** The property's account, e.g. `accounts/1000`. */
  account: z.string(),
  accountName: z.string(),
});

/** One property of the list-properties action. */
export type AnalyticsProperty = z.output<typeof propertySchema>;

/** Properties from the account summaries, and whether there were more than the limit asked for. */
export interface PropertyList {
  properties: AnalyticsProperty[];
  truncated: boolean;
}

const pageSchema = z.object({
  accountSummaries: z
    .array(
      z.object({
        account: z.string(),
        displayName: z.string().default(''),
        propertySummaries: z.array(z.object({ property: z.string(), displayName: z.string().default('') })).default([]),
      }),
    )
    .default([]),
  nextPageToken: z.string().optional(),
});

// 200 accounts a page is the API's maximum; this bounds the walk should a page token never run out.
const PAGE_SIZE = 200;
const MAX_PAGES = 50;

/**
 * The properties across the user's Analytics accounts, from the Admin API's account summaries, page after page
 * until `limit` is passed or the pages run out: at most `limit` properties, `truncated` when there were more.
 */
export async function listProperties(fetch: ProviderFetch, limit = Number.POSITIVE_INFINITY): Promise<PropertyList> {
  const properties: AnalyticsProperty[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES && properties.length <= limit; page++) {
    const query = new URLSearchParams({ pageSize: String(PAGE_SIZE), ...(pageToken ? { pageToken } : {}) });
    const answer = await readProviderJson(fetch, `accountSummaries?${query}`, pageSchema, { what: 'list properties' });
    for (const summary of answer.accountSummaries) {
      for (const property of summary.propertySummaries) {
        properties.push({
          id: property.property,
          name: property.displayName,
          account: summary.account,
          accountName: summary.displayName,
        });
      }
    }
    pageToken = answer.nextPageToken || undefined;
    if (!pageToken) break;
  }
  return { properties: properties.slice(0, limit), truncated: properties.length > limit };
}
