import { type ProviderFetch, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { listProperties } from './properties.js';

/** A property as the connection's metadata keeps it: `websiteUrl` is its first web data stream's default URI. */
export const connectedPropertySchema = z.object({
  id: z.string(),
  name: z.string(),
  websiteUrl: z.string().nullable(),
});

/** The properties part of a Google Analytics connection's metadata. */
export interface PropertiesMetadata {
  properties: z.output<typeof connectedPropertySchema>[];
  propertiesTruncated: boolean;
}

/** How many properties a connection's metadata holds; past it, `propertiesTruncated` is true. */
export const MAX_METADATA_PROPERTIES = 200;

// Data streams are read one property at a time: a few at once keeps a 200-property connect short without
// spending a user's per-second Admin API quota in one burst.
const STREAM_LOOKUPS_AT_ONCE = 8;

const streamsSchema = z.object({
  dataStreams: z
    .array(z.object({ type: z.string().optional(), webStreamData: z.object({ defaultUri: z.string() }).optional() }))
    .default([]),
});

async function websiteUrl(fetch: ProviderFetch, propertyId: string): Promise<string | null> {
  // The id comes from Google, but it becomes a path: anything but `properties/<digits>` is not looked up.
  if (!/^properties\/\d+$/.test(propertyId)) return null;
  const answer = await readProviderJson(fetch, `${propertyId}/dataStreams?pageSize=50`, streamsSchema, {
    what: 'list data streams',
  });
  const web = answer.dataStreams.find((stream) => stream.type === 'WEB_DATA_STREAM' && stream.webStreamData);
  return web?.webStreamData?.defaultUri ?? null;
}

/** The user's properties (bounded) with each one's website URL, read at connect into the connection's metadata. */
export async function propertiesMetadata(fetch: ProviderFetch): Promise<PropertiesMetadata> {
  const { properties, truncated } = await listProperties(fetch, MAX_METADATA_PROPERTIES);
  const found: PropertiesMetadata['properties'] = [];
  for (let start = 0; start < properties.length; start += STREAM_LOOKUPS_AT_ONCE) {
    const batch = properties.slice(start, start + STREAM_LOOKUPS_AT_ONCE);
    const urls = await Promise.all(batch.map((property) => websiteUrl(fetch, property.id)));
    found.push(...batch.map((property, i) => ({ id: property.id, name: property.name, websiteUrl: urls[i] ?? null })));
  }
  return { properties: found, propertiesTruncated: truncated };
}
