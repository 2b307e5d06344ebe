import { periodic } from '../background/periodic.js';
import { type EngineContext, nowIso } from '../context.js';
import { randomSecret } from '../crypto/secrets.js';
import { isEgressRefusal } from '../egress/policy.js';
import { notify } from '../observer.js';
import { signWebhook } from './signature.js';
import { type DeliveryFailure, webhookSecretContext } from './webhooks.js';

/** Settings of webhook delivery. */
export interface WebhookDispatcherOptions {
  /** How often to look for due deliveries. Default 1 s. */
  intervalMs?: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Attempts before a delivery is marked failed. Default 10 (about 17 hours of backoff). */
  maxAttempts?: number;
  /** Deliveries claimed per pass. Default 20. */
  batchSize?: number;
  /** Endpoints a workspace may register. Default 20. */
  maxEndpointsPerWorkspace?: number;
}

const LEASE_MS = 60_000;

// A category, never the raw text: error messages would tell a workspace what listens where inside the network.
function failureOf(cause: unknown): DeliveryFailure {
  if (isEgressRefusal(cause)) return 'refused';
  for (let current = cause; current instanceof Error; current = current.cause) {
    if (current.name === 'TimeoutError' || current.name.includes('Timeout')) return 'timeout';
  }
  return 'connect_error';
}

/** Backoff after the nth failed attempt: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 3 h (jittered). */
export function retryDelayMs(attempt: number): number {
  const steps = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];
  const base = steps[Math.min(attempt - 1, steps.length - 1)] ?? 10_800_000;
  return (attempt > steps.length ? 10_800_000 : base) * (0.9 + Math.random() * 0.2);
}

/**
 * Delivers outbox events to webhooks with Standard Webhooks signatures. Deliveries are rows claimed with a
 * lease, so several hosts can run dispatchers and a crash loses nothing: an unfinished delivery's lease
 * runs out and it is delivered again (at least once; receivers dedupe by `webhook-id`, the event id).
 */
export function createWebhookDispatcher(ctx: EngineContext, options: WebhookDispatcherOptions = {}) {
  const intervalMs = options.intervalMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const batchSize = options.batchSize ?? 20;

  const deliver = async (deliveryId: string, owner: string) => {
    const delivery = await ctx.db
      .selectFrom('webhook_deliveries')
      .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
      .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
      .select([
        'webhook_deliveries.attempts',
        'webhook_deliveries.event_id',
        'events.type',
        'events.payload',
        'events.created_at as event_created_at',
        'webhook_endpoints.id as endpoint_id',
        'webhook_endpoints.workspace_id',
        'webhook_endpoints.url',
        'webhook_endpoints.secret',
      ])
      .where('webhook_deliveries.id', '=', deliveryId)
      .executeTakeFirst();
    if (!delivery) return false;
    const body = JSON.stringify({
      type: delivery.type,
      timestamp: delivery.event_created_at,
      data: JSON.parse(delivery.payload),
    });
    const secret = ctx.keys.decrypt(
      delivery.secret,
      webhookSecretContext({ workspace_id: delivery.workspace_id, id: delivery.endpoint_id }),
    );
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: DeliveryFailure | null = null;
    try {
      // Through the egress policy whatever fetch the host gave for providers: the URL is the workspace's choice.
      const response = await ctx.egress.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': delivery.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, delivery.event_id, timestamp, body),
          'user-agent': 'Plugboard-Webhooks/1',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status >= 300) error = status >= 500 ? 'http_5xx' : status >= 400 ? 'http_4xx' : 'http_3xx';
    } catch (cause) {
      error = failureOf(cause);
    }
    const attempts = delivery.attempts + 1;
    const delivered = error === null;
    const failed = !delivered && attempts >= maxAttempts;
    await ctx.db
      .updateTable('webhook_deliveries')
      .set({
        status: delivered ? 'delivered' : failed ? 'failed' : 'pending',
        attempts,
        last_status: status,
        last_error: error,
        delivered_at: delivered ? nowIso() : null,
        next_attempt_at: delivered || failed ? nowIso() : new Date(Date.now() + retryDelayMs(attempts)).toISOString(),
        lease_owner: null,
        lease_expires_at: null,
      })
      .where('id', '=', deliveryId)
      .where('lease_owner', '=', owner)
      .execute();
    if (!delivered) ctx.logger.warn({ deliveryId, attempts, error }, 'webhook delivery failed');
    notify(ctx.observer, 'webhookDelivery', { outcome: delivered ? 'delivered' : failed ? 'failed' : 'retrying' });
    return delivered;
  };

  const runOnce = async (): Promise<number> => {
    const now = nowIso();
    const due = await ctx.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(batchSize)
      .execute();
    let delivered = 0;
    await Promise.all(
      due.map(async ({ id }) => {
        const owner = randomSecret(16);
        const claimed = await ctx.db
          .updateTable('webhook_deliveries')
          .set({ lease_owner: owner, lease_expires_at: new Date(Date.now() + LEASE_MS).toISOString() })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', nowIso())]))
          .executeTakeFirst();
        if (claimed.numUpdatedRows === 1n && (await deliver(id, owner))) delivered += 1;
      }),
    );
    return delivered;
  };

  const task = periodic('webhook dispatcher', runOnce, () => intervalMs, ctx.logger);

  return {
    /** One pass now; returns how many deliveries succeeded. */
    runOnce,
    start: task.start,
    /** Stops scheduling and waits for a pass under way. */
    stop: task.stop,
  };
}
