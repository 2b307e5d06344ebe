import type { Hub } from '@plugboard/core';
import type { McpOptions } from './mcp/limits.js';
import type { MetricsOptions } from './metrics.js';

/** A pino logger, typed through the hub so this package needs no pino dependency of its own. */
export type Logger = Hub['logger'];

/** Options of `createRouter` and `createApp`. */
export interface ApiOptions {
  /** Defaults to the hub's logger, which redacts secrets by path and by value. */
  logger?: Logger | undefined;
  /** Largest request body read into memory; larger ones answer 413. Default 1 MiB. */
  bodyLimitBytes?: number | undefined;
  /** Limits of the MCP endpoint (per-token call rate, output size). */
  mcp?: McpOptions | undefined;
  /** Serves `GET /metrics` (Prometheus) and times every request; without it `/metrics` answers 404. */
  metrics?: MetricsOptions | undefined;
}

/** Request bodies are small JSON documents: 1 MiB is far beyond any legitimate one. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
