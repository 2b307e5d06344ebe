import { z } from 'zod';

/** Liveness and readiness answers. */
export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']) });

/** The OpenAPI document itself. */
export const OpenApiDocumentSchema = z.record(z.string(), z.unknown());

/** The root's answer to a program: what this server is, and where to go next. */
export const HomeSchema = z.object({ name: z.literal('Plugboard'), openapi: z.string(), health: z.string() });
