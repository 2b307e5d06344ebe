import { z } from 'zod';
import { type DataCentreTable, locationSchema, sameOrigin } from './data-centres.js';

/** What a Zoho connection keeps: its data centre, the API domain Zoho gave, and the CRM organization. */
export function metadataSchema(table: DataCentreTable) {
  return z
    .object({
      dc: locationSchema,
      apiDomain: z.string(),
      organization: z.object({ id: z.string().min(1), name: z.string() }),
    })
    .refine((metadata) => sameOrigin(metadata.apiDomain, table[metadata.dc].api), {
      path: ['apiDomain'],
      message: 'not the API host of the data centre',
    });
}

/** The connection metadata of a Zoho connection. */
export type ZohoMetadata = z.output<ReturnType<typeof metadataSchema>>;
