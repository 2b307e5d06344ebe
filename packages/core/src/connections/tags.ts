import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../store/schema.js';

/** At most this many tags on a session or a connection (DESIGN 7.11: every list a workspace can grow has a cap). */
export const MAX_TAGS = 10;

/**
 * A tag key: 1-64 characters, letters, digits and `_ . : -`, starting with a letter or digit, so `tag[key]=value`
 * reads unambiguously in a query and no key is named like an object's internals (`__proto__`).
 */
export const tagKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only, starting with a letter or digit');

/** A tag value: up to 256 characters. */
export const tagValue = z.string().max(256);

/** End-user tags: string key/values, bounded. */
export const tagsSchema = z
  .record(tagKey, tagValue)
  .refine((tags) => Object.keys(tags).length <= MAX_TAGS, `at most ${MAX_TAGS} tags`);

/** End-user tags. */
export type Tags = z.output<typeof tagsSchema>;

/** Replaces the rows listings filter a connection's tags on, in the transaction that writes its `tags` JSON. */
export async function writeTagRows(
  trx: Transaction<Database>,
  connection: { workspaceId: string; id: string },
  tags: Tags,
): Promise<void> {
  await trx.deleteFrom('connection_tags').where('connection_id', '=', connection.id).execute();
  const rows = Object.entries(tags).map(([key, value]) => ({
    connection_id: connection.id,
    workspace_id: connection.workspaceId,
    key,
    value,
  }));
  if (rows.length > 0) await trx.insertInto('connection_tags').values(rows).execute();
}
