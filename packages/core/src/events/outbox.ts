import type { Kysely, Transaction } from 'kysely';
import { newId, nowIso, readJson } from '../context.js';
import type { Database } from '../store/schema.js';

/** Lifecycle event types. */
export const EVENT_TYPES = [
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'connection.expired',
  'connection.refreshed',
  'connection.reauth_required',
  'connection.refresh_failed',
  'connect_session.failed',
] as const;

/** One lifecycle event type. */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Writes an event to the outbox, and a pending delivery for each of the workspace's webhooks that wants it.
 * Pass the transaction of the change: the change, the event and its deliveries commit together or not at all.
 */
export async function recordEvent(
  db: Kysely<Database> | Transaction<Database>,
  workspaceId: string,
  type: EventType,
  payload: Record<string, unknown>,
): Promise<void> {
  const now = nowIso();
  const eventId = newId();
  await db
    .insertInto('events')
    .values({ id: eventId, workspace_id: workspaceId, type, payload: JSON.stringify(payload), created_at: now })
    .execute();
  const endpoints = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const targets = endpoints.filter((endpoint) => {
    const wanted = readJson<string[]>(endpoint.event_types);
    return wanted.length === 0 || wanted.includes(type);
  });
  if (targets.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(
      targets.map((endpoint) => ({
        id: newId(),
        workspace_id: workspaceId,
        endpoint_id: endpoint.id,
        event_id: eventId,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_owner: null,
        lease_expires_at: null,
        last_status: null,
        last_error: null,
        created_at: now,
        delivered_at: null,
      })),
    )
    .execute();
}
