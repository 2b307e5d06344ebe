import { createRequire } from 'node:module';
import type { Hub, HubObserver } from '@plugboard/core';
import type { Registry } from 'prom-client';

// prom-client loads when metrics are created: a hub with metrics off does not carry it in memory.
const nodeRequire = createRequire(import.meta.url);

/** Prometheus metrics of one hub process: pass `observer` to createHub and the metrics to the API's options. */
export interface Metrics {
  readonly registry: Registry;
  /** Hooks for createHub: proxied calls, refreshes, webhook deliveries, lease takeovers. */
  readonly observer: HubObserver;
  /** Records one answered HTTP request by route template (never the path: it holds ids). */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** The text exposition, with the gauges (connections, outbox backlog) read from the hub now. */
  render(hub: Hub): Promise<string>;
}

/** What `/metrics` needs: the metrics, and the bearer token that guards them (none: open to whoever reaches it). */
export interface MetricsOptions {
  metrics: Metrics;
  token?: string | undefined;
}

// Latency buckets from 5 ms to 30 s: API calls sit at the low end, proxied calls and refreshes anywhere.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Creates the metrics on a registry of their own, with Node's default metrics unless turned off. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } = nodeRequire(
    'prom-client',
  ) as typeof import('prom-client');
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Histogram({
    name: 'plugboard_http_request_duration_seconds',
    help: 'HTTP requests answered, by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: BUCKETS,
    registers,
  });
  const proxied = new Histogram({
    name: 'plugboard_proxy_request_duration_seconds',
    help: "Proxied calls by provider and the provider's status (none: it never answered).",
    labelNames: ['provider', 'status'] as const,
    buckets: BUCKETS,
    registers,
  });
  const retries = new Counter({
    name: 'plugboard_proxy_retries_total',
    help: 'Proxied calls sent again (a retryable status or network error, or after a refresh on 401).',
    labelNames: ['provider'] as const,
    registers,
  });
  const throttled = new Counter({
    name: 'plugboard_proxy_throttled_total',
    help: 'Proxied calls that waited for the per-connection rate limit.',
    labelNames: ['provider'] as const,
    registers,
  });
  const refreshes = new Counter({
    name: 'plugboard_token_refreshes_total',
    help: 'Token refreshes by provider and outcome (refreshed, reauth_required, failed).',
    labelNames: ['provider', 'outcome'] as const,
    registers,
  });
  const deliveries = new Counter({
    name: 'plugboard_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered, retrying, failed: no attempts left).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const takeovers = new Counter({
    name: 'plugboard_lease_takeovers_total',
    help: 'Refresh leases taken over after their holder let them expire (a crash or a stall).',
    labelNames: ['provider'] as const,
    registers,
  });
  const connections = new Gauge({
    name: 'plugboard_connections',
    help: 'Connections by provider and status, counted at scrape time.',
    labelNames: ['provider', 'status'] as const,
    registers,
  });
  const backlog = new Gauge({
    name: 'plugboard_outbox_backlog',
    help: 'Webhook deliveries waiting to be delivered or retried, counted at scrape time.',
    registers,
  });

  return {
    registry,
    observer: {
      proxyCall(event) {
        proxied.observe(
          { provider: event.provider, status: event.status === 0 ? 'none' : String(event.status) },
          event.durationMs / 1000,
        );
        if (event.retries > 0) retries.inc({ provider: event.provider }, event.retries);
        if (event.throttled) throttled.inc({ provider: event.provider });
      },
      refresh: (event) => refreshes.inc({ provider: event.provider, outcome: event.outcome }),
      webhookDelivery: (event) => deliveries.inc({ outcome: event.outcome }),
      leaseTakeover: (event) => takeovers.inc({ provider: event.provider }),
    },
    observeRequest(route, method, status, seconds) {
      requests.observe({ route, method, status: String(status) }, seconds);
    },
    async render(hub) {
      const stats = await hub.stats();
      connections.reset();
      for (const row of stats.connections) connections.set({ provider: row.provider, status: row.status }, row.count);
      backlog.set(stats.outboxBacklog);
      return registry.metrics();
    },
  };
}
