import { z } from 'zod';
import { type EngineContext, newId, nowIso, readJson } from '../context.js';
import { isEgressRefusal } from '../egress/policy.js';
import { NotFoundError, PlugboardError, parseOrThrow, ValidationError } from '../errors.js';
import { registerSecret } from '../log/logger.js';
import type { Database } from '../store/schema.js';
import type { WebhookDispatcherOptions } from './dispatcher.js';
import { EVENT_TYPES, type EventType } from './outbox.js';
import { newWebhookSecret } from './signature.js';

/** Input of a new webhook endpoint. */
export const createWebhookInput = z.object({
  url: z
    .string()
    .url({ abort: true })
    .max(2000)
    .refine((value) => {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    }, 'must be an http(s) URL without credentials'),
  description: z.string().max(500).optional(),
  /** Event types to receive; empty or absent means all. Repeated names count once. */
  events: z
    .array(z.enum(EVENT_TYPES))
    .max(EVENT_TYPES.length * 4)
    .optional(),
});

/** A webhook endpoint as the API shows it: never its secret (shown once, at creation). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  events: EventType[];
  createdAt: string;
}

/** One delivery of one event to one endpoint: the delivery log. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  /** The last failure's category, never raw network error text. */
  lastError: DeliveryFailure | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Why a delivery failed: the egress policy refused it, it timed out, no connection, or the receiver's HTTP class. */
export const DELIVERY_FAILURES = ['refused', 'timeout', 'connect_error', 'http_3xx', 'http_4xx', 'http_5xx'] as const;

/** One of DELIVERY_FAILURES. */
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];

// Rows written before categories held raw text (`HTTP 503`, `timed out`, a network message): read them as one.
function failureCategory(text: string | null): DeliveryFailure | null {
  if (text === null || (DELIVERY_FAILURES as readonly string[]).includes(text)) return text as DeliveryFailure | null;
  const status = /^HTTP (\d)/.exec(text)?.[1];
  if (status === '5' || status === '4' || status === '3') return `http_${status}xx` as DeliveryFailure;
  return text === 'timed out' ? 'timeout' : 'connect_error';
}

/** At most this many endpoints per workspace unless the hub is configured otherwise. */
export const DEFAULT_MAX_WEBHOOK_ENDPOINTS = 20;

/** Where webhook secrets are bound in their envelope. */
export const webhookSecretContext = (row: { workspace_id: string; id: string }) => ({
  workspaceId: row.workspace_id,
  rowId: row.id,
  field: 'webhook_endpoints.secret',
});

/** Webhook endpoints of a workspace, and their delivery log. */
export function createWebhookService(
  ctx: EngineContext,
  workspaceExists: (id: string) => Promise<unknown>,
  options: Pick<WebhookDispatcherOptions, 'maxEndpointsPerWorkspace'> = {},
) {
  const maxEndpoints = options.maxEndpointsPerWorkspace ?? DEFAULT_MAX_WEBHOOK_ENDPOINTS;
  const find = async (workspaceId: string, id: string) => {
    const row = await ctx.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Webhook');
    return row;
  };

  return {
    /** Registers an endpoint; the signing secret is returned once and stored encrypted. */
    async create(workspaceId: string, input: unknown): Promise<{ webhook: WebhookEndpoint; secret: string }> {
      const data = parseOrThrow(createWebhookInput, input, 'webhook');
      await workspaceExists(workspaceId);
      await checkDestination(ctx, new URL(data.url));
      const { count } = await ctx.db
        .selectFrom('webhook_endpoints')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= maxEndpoints) {
        throw new PlugboardError(
          'conflict',
          `A workspace has at most ${maxEndpoints} webhook endpoints; delete one first.`,
        );
      }
      const id = newId();
      const secret = newWebhookSecret();
      registerSecret(secret);
      const now = nowIso();
      const row: Database['webhook_endpoints'] = {
        id,
        workspace_id: workspaceId,
        url: data.url,
        description: data.description ?? null,
        event_types: JSON.stringify([...new Set(data.events ?? [])]),
        secret: ctx.keys.encrypt(secret, webhookSecretContext({ workspace_id: workspaceId, id })),
        created_at: now,
        updated_at: now,
      };
      await ctx.db.insertInto('webhook_endpoints').values(row).execute();
      return { webhook: toWebhook(row), secret };
    },
    async list(workspaceId: string): Promise<WebhookEndpoint[]> {
      const rows = await ctx.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('id')
        .execute();
      return rows.map(toWebhook);
    },
    async get(workspaceId: string, id: string): Promise<WebhookEndpoint> {
      return toWebhook(await find(workspaceId, id));
    },
    async delete(workspaceId: string, id: string): Promise<void> {
      await find(workspaceId, id);
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
        await trx
          .deleteFrom('webhook_endpoints')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
      });
    },
    /** The newest deliveries to an endpoint, newest first. */
    async deliveries(workspaceId: string, id: string, limit = 50): Promise<WebhookDelivery[]> {
      await find(workspaceId, id);
      const rows = await ctx.db
        .selectFrom('webhook_deliveries')
        .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
        .selectAll('webhook_deliveries')
        .select('events.type as event_type')
        .where('webhook_deliveries.workspace_id', '=', workspaceId)
        .where('webhook_deliveries.endpoint_id', '=', id)
        .orderBy('webhook_deliveries.id', 'desc')
        .limit(Math.min(Math.max(limit, 1), 200))
        .execute();
      return rows.map((row) => ({
        id: row.id,
        eventId: row.event_id,
        eventType: row.event_type,
        status: row.status as WebhookDelivery['status'],
        attempts: row.attempts,
        lastStatus: row.last_status,
        lastError: failureCategory(row.last_error),
        nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
        createdAt: row.created_at,
        deliveredAt: row.delivered_at,
      }));
    },
  };
}

// The URL's host must not resolve to an address the egress policy refuses. A name that does not resolve yet is
// accepted: delivery resolves again and connects only to checked addresses, so it can never reach inside later.
async function checkDestination(ctx: EngineContext, url: URL): Promise<void> {
  try {
    await ctx.egress.check(url);
  } catch (error) {
    if (!isEgressRefusal(error)) return;
    const message = `${(error as Error).message} Webhooks go to public addresses unless the hub's egress.allow lists them.`;
    throw new ValidationError(message, [{ path: 'url', message }]);
  }
}

function toWebhook(row: Database['webhook_endpoints']): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: readJson<EventType[]>(row.event_types),
    createdAt: row.created_at,
  };
}
