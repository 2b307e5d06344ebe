import { z } from 'zod';
import { apiSchemas } from './common.js';

/** `{ id }` and the rest of the path of a proxied call. */
export const ProxyParams = z.strictObject({
  id: z.string().min(1).max(128),
  path: z.string().max(8000).optional().register(apiSchemas, {
    description:
      "The path on the provider's API. `%2F` is read as `/` (generated clients encode the slashes of a path parameter), and the path is checked after that.",
  }),
});

/** Body of `POST /v1/connections/:id/request`. */
export const ProxyRequestBody = z.strictObject({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  /** A path on the provider's base URL (with its query), or an absolute URL on one of its declared hosts. */
  url: z.string().min(1).max(8000),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name'), z.string().max(8000))
    .optional(),
  /** A JSON value (sent as JSON) or a string (sent as it is). */
  data: z.unknown().optional(),
  /** Retry a non-idempotent method on 429/5xx too (the caller knows it is safe). */
  retry: z.boolean().optional(),
});
