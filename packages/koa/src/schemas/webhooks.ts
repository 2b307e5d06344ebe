import { createWebhookInput, DELIVERY_FAILURES, EVENT_TYPES } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Timestamp } from './common.js';

/** A webhook endpoint as the API shows it: never its signing secret. */
export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(EVENT_TYPES)),
    createdAt: Timestamp,
  })
  .register(apiSchemas, { id: 'Webhook' });

/** Body of `POST /v1/webhooks`. */
export const CreateWebhookBody = createWebhookInput.strict();

/** `{ webhook, secret }`: the signing secret, shown this once. */
export const CreatedWebhookReply = z.object({
  webhook: WebhookSchema,
  secret: z.string().describe('The Standard Webhooks signing secret (`whsec_...`); shown once.'),
});

/** `{ webhook }`. */
export const WebhookReply = z.object({ webhook: WebhookSchema });

/** `{ data }`: the workspace's webhooks. */
export const WebhookList = z.object({ data: z.array(WebhookSchema) });

/** One delivery attempt record of the delivery log. */
export const DeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z
      .enum(DELIVERY_FAILURES)
      .nullable()
      .describe('Why the last attempt failed, as a category (never the raw network error).'),
    nextAttemptAt: Timestamp.nullable(),
    createdAt: Timestamp,
    deliveredAt: Timestamp.nullable(),
  })
  .register(apiSchemas, { id: 'WebhookDelivery' });

/** `{ data }`: the newest deliveries to one webhook. */
export const DeliveryList = z.object({ data: z.array(DeliverySchema) });

/** Query of the delivery log. */
export const DeliveryQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
