/**
 * Hooks a host can give the engine to watch what it does (metrics, tracing). Every hook is optional and
 * synchronous; a hook that throws is ignored. Events carry provider ids and outcomes, never connection or
 * workspace ids, paths or secrets, so they can become metric labels as they are.
 */
export interface HubObserver {
  /** A proxied call ended: the provider's status (or 0 when it never answered), its attempts and wait. */
  proxyCall?(event: {
    provider: string;
    status: number;
    durationMs: number;
    /** Attempts beyond the first (retries and the one retry after a refresh). */
    retries: number;
    /** The per-connection rate limit made the call wait. */
    throttled: boolean;
  }): void;
  /** A token refresh ended. */
  refresh?(event: { provider: string; outcome: 'refreshed' | 'reauth_required' | 'failed' }): void;
  /** A webhook delivery attempt ended; `failed` means no attempts are left. */
  webhookDelivery?(event: { outcome: 'delivered' | 'retrying' | 'failed' }): void;
  /** A refresh lease held by another (crashed or stalled) process expired and was taken over. */
  leaseTakeover?(event: { provider: string }): void;
}

/** What `hub.stats()` counts with a cheap query, for gauges read at scrape time. */
export interface HubStats {
  connections: Array<{ provider: string; status: string; count: number }>;
  /** Webhook deliveries waiting to be delivered or retried. */
  outboxBacklog: number;
}

/** Calls one hook of `observer`, never letting it break the engine. */
export function notify<K extends keyof HubObserver>(
  observer: HubObserver | undefined,
  hook: K,
  event: Parameters<NonNullable<HubObserver[K]>>[0],
): void {
  const fn = observer?.[hook] as ((event: unknown) => void) | undefined;
  if (!fn) return;
  try {
    fn.call(observer, event);
  } catch {
    // An observer is a bystander: its failure must not fail a request or a refresh.
  }
}
