import { z } from 'zod';
import { apiSchemas, ProviderId } from './common.js';

/** A loaded provider as the API lists it. */
export const ProviderSummarySchema = z
  .object({
    id: z.string(),
    name: z.string().describe("The provider's display name."),
    authType: z.enum(['oauth2', 'api_key', 'basic', 'raw']),
    defaultScopes: z.array(z.string()),
    scopeDescriptions: z
      .record(z.string(), z.object({ text: z.string(), sensitive: z.boolean().optional() }))
      .describe('Scopes in plain words, as the provider describes them; `sensitive` ones reach private data.'),
    logoUrl: z
      .string()
      .nullable()
      .describe("The provider's logo (SVG, sanitised) on the hub's own origin; null when it has none."),
    actions: z.array(z.string()),
    apiBaseUrl: z
      .string()
      .nullable()
      .describe('Where proxied calls go by default; null when it depends on the connection or there is no API.'),
    importUnsupported: z
      .string()
      .nullable()
      .describe(
        "Why this provider's OAuth2 tokens cannot be imported with `POST /v1/connections` (the provider's reason); null when they can, and for providers whose credentials are typed in.",
      ),
  })
  .register(apiSchemas, { id: 'Provider' });

/** `{ id }` of a provider in a path. */
export const ProviderIdParams = z.strictObject({ id: ProviderId });

/** `{ provider }`. */
export const ProviderReply = z.object({ provider: ProviderSummarySchema });

/** `{ data: providers }`. */
export const ProviderList = z.object({ data: z.array(ProviderSummarySchema) });
