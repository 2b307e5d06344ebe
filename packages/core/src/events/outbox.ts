import type { Kysely, Transaction } from 'kysely';
import { newId, nowIso } from '../context.js';
import type { Database } from '../store/schema.js';

/** Lifecycle event types. */
export type EventType =
  | 'connection.created'
  | 'connection.updated'
  | 'connection.deleted'
  | 'connection.refreshed'
  | 'connection.reauth_required'
  | 'connection.refresh_failed';

/** Writes an event to the outbox; pass the transaction of the change so both commit or neither does. */
export async function recordEvent(
  db: Kysely<Database> | Transaction<Database>,
  workspaceId: string,
  type: EventType,
  payload: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('events')
    .values({ id: newId(), workspace_id: workspaceId, type, payload: JSON.stringify(payload), created_at: nowIso() })
    .execute();
}
