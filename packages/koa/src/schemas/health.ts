import { z } from 'zod';

/** Liveness and readiness answers. */
export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) });

/** The OpenAPI document itself. */
export const OpenApiDocumentSchema = z.record(z.string(), z.unknown());
