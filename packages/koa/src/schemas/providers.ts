import { z } from 'zod';
import { apiSchemas, ProviderId } from './common.js';

/** A loaded provider as the API lists it. */
export const ProviderSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    authType: z.enum(['oauth2', 'api_key', 'basic', 'raw']),
    defaultScopes: z.array(z.string()),
    actions: z.array(z.string()),
  })
  .register(apiSchemas, { id: 'Provider' });

/** `{ id }` of a provider in a path. */
export const ProviderIdParams = z.strictObject({ id: ProviderId });

/** `{ provider }`. */
export const ProviderReply = z.object({ provider: ProviderSummarySchema });

/** `{ data: providers }`. */
export const ProviderList = z.object({ data: z.array(ProviderSummarySchema) });
