import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

/** Metadata of the API's schemas: those with an `id` become named components of the OpenAPI document. */
export const apiSchemas = z.registry<{ id?: string; description?: string; format?: string }>();

/** An id in a path: the engine answers 404 for one that does not exist or belongs to another workspace. */
export const Id = z.string().min(1).max(128);

/** A provider id, as loaded in the hub. */
export const ProviderId = z.string().min(1).max(100);

/** An ISO-8601 UTC timestamp. */
export const Timestamp = z
  .string()
  .register(apiSchemas, { description: 'ISO-8601 UTC timestamp', format: 'date-time' });

/** `{ id }` path parameters. */
export const IdParams = z.strictObject({ id: Id });

/** `{ provider }` path parameters. */
export const ProviderParams = z.strictObject({ provider: ProviderId });

/** The body of every error answer. */
export const ErrorSchema = z
  .object({
    error: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .register(apiSchemas, { id: 'Error', description: 'Every error answer: a stable code, a sentence, details.' });
