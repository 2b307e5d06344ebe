import { z } from 'zod';
import type { FieldsAuth } from '../contract/types.js';

const defaults = {
  api_key: z.object({ apiKey: z.string().min(1).max(4000).describe('API key') }).strict(),
  basic: z
    .object({
      username: z.string().min(1).max(500).describe('Username'),
      password: z.string().min(1).max(4000).describe('Password'),
    })
    .strict(),
  raw: z.record(z.string(), z.string().max(4000)),
};

/** The fields a typed-in-credentials provider collects: its own schema, or the default for its auth type. */
export function credentialFields(auth: FieldsAuth): z.ZodType<Record<string, string>> {
  return auth.fields ?? defaults[auth.type];
}

/** The fields as JSON Schema, for forms (connect pages) and API clients. */
export function credentialFieldsJsonSchema(auth: FieldsAuth): Record<string, unknown> {
  return z.toJSONSchema(credentialFields(auth), { unrepresentable: 'any' }) as Record<string, unknown>;
}
