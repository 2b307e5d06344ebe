import { type Readable, Transform } from 'node:stream';
import type { Agent } from 'undici';
import { settlesWithin } from '../background/settles.js';
import { type createRefresher, isDue, REFRESH_MARGIN_MS } from '../connections/refresh.js';
import type { ConnectionRow } from '../connections/rows.js';
import { createUsageRecorder } from '../connections/usage.js';
import { type EngineContext, readJson } from '../context.js';
import type { Provider } from '../contract/types.js';
import { isEgressRefusal } from '../egress/policy.js';
import { undici } from '../egress/undici.js';
import { PlugboardError, ProviderError, ValidationError } from '../errors.js';
import { notify } from '../observer.js';
import type { CredentialCache, UsableConnection } from './credential-cache.js';
import { type RawHeaders, requestHeadersToForward, responseHeadersToReturn } from './headers.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { IDEMPOTENT_METHODS, RETRYABLE_STATUSES, retryDelayMs } from './retry.js';
import { signOutgoing } from './sign.js';
import { allowedHosts, apiBaseUrl, type Destination, resolveTarget } from './target.js';

/** Limits and behaviour of the authenticated proxy. */
export interface ProxyOptions {
  /** Largest request body passed on. Default 10 MiB. */
  maxRequestBytes?: number;
  /** Largest response body passed back; larger answers are cut off. Default 50 MiB. */
  maxResponseBytes?: number;
  /** Time to connect to the provider. Default 5 s. */
  connectTimeoutMs?: number;
  /** Time for the provider to answer (headers), and the longest pause inside its body. Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts on 429, 502, 503, 504 and network errors (idempotent methods, or when the caller opts in). Default 2. */
  retries?: number;
  /** The longest wait between attempts, whatever `Retry-After` says. Default 10 s. */
  maxRetryWaitMs?: number;
  /** Optional per-connection rate limit: requests over it wait in line. */
  rateLimit?: RateLimitOptions | undefined;
}

/** A call through the proxy: `target` is a path on the provider's base URL (with its query) or an absolute URL on a declared host. */
export interface ProxyRequest {
  method: string;
  target: string;
  headers: RawHeaders;
  body?: Uint8Array | undefined;
  /** Retry a non-idempotent method too (the caller knows it is safe). */
  retry?: boolean | undefined;
}

/** The provider's answer, passed through: status, filtered headers with the hub's answer policy (see headers.ts) and a streamed body. */
export interface ProxyResponse {
  status: number;
  /** A flat `[name, value, ...]` list, as `ServerResponse.writeHead` takes it. */
  headers: string[];
  body: Readable;
}

/** At most one forced refresh after a 401 per connection in this time, unless its token changed since. */
export const FORCED_REFRESH_COOLDOWN_MS = 30_000;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The authenticated proxy: signs a caller's request with a connection's credentials and passes it to the provider. */
export function createProxy(
  ctx: EngineContext,
  deps: {
    refresher: ReturnType<typeof createRefresher>;
    findRow(workspaceId: string, id: string): Promise<ConnectionRow>;
    cache: CredentialCache;
  },
  options: ProxyOptions = {},
) {
  const maxRequestBytes = options.maxRequestBytes ?? 10 * 1024 * 1024;
  const maxResponseBytes = options.maxResponseBytes ?? 50 * 1024 * 1024;
  const retries = options.retries ?? 2;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  // One pool of keep-alive connections per provider origin, shared by every connection of that provider; its
  // sockets only reach addresses the egress policy checked (a base URL from metadata, an absolute URL). Made by
  // the first proxied call, so an idle hub has not loaded undici.
  let pool: Agent | undefined;
  const agent = () =>
    (pool ??= ctx.egress.agent({
      connections: 256,
      keepAliveTimeout: 30_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: options.connectTimeoutMs ?? 5_000 },
    }));
  const limiter = options.rateLimit ? createRateLimiter(options.rateLimit) : undefined;
  const usage = createUsageRecorder(ctx);
  // The token each connection's last forced refresh gave, and when: a provider that answers 401 to every call
  // must not turn each call into a token request and a connection.refreshed event.
  const forcedRefreshes = new Map<string, { at: number; accessToken: string }>();
  const mayForceRefresh = (id: string, accessToken: string) => {
    const last = forcedRefreshes.get(id);
    if (!last || Date.now() - last.at >= FORCED_REFRESH_COOLDOWN_MS) {
      forcedRefreshes.delete(id);
      return true;
    }
    return last.accessToken !== accessToken;
  };

  // A fresh cache entry of this workspace, or undefined; a cached token about to expire goes back through the
  // refresher like any other.
  const cachedUsable = (workspaceId: string, id: string): UsableConnection | undefined => {
    const cached = deps.cache.get(id);
    return cached && cached.row.workspace_id === workspaceId && !isDue(cached.credentials, REFRESH_MARGIN_MS)
      ? cached
      : undefined;
  };

  const usable = async (workspaceId: string, id: string, force = false): Promise<UsableConnection> => {
    const cached = force ? undefined : cachedUsable(workspaceId, id);
    if (cached) return cached;
    const found = await deps.findRow(workspaceId, id);
    const credentials = await deps.refresher.ensureFresh(found, { force });
    const row = force ? await deps.refresher.read(id) : found;
    const provider = ctx.provider(row.provider);
    const base = apiBaseUrl(provider, readJson<Record<string, unknown>>(row.metadata));
    const fresh = { row, credentials, base, hosts: allowedHosts(provider, base) };
    deps.cache.set(id, fresh);
    return fresh;
  };

  // A plain function, not an async one: the usual call (a cached connection, no limiter, no observer) goes from the
  // caller to undici's request without a promise of its own, at a proxy's request rate.
  const forward = (workspaceId: string, id: string, request: ProxyRequest): Promise<ProxyResponse> => {
    try {
      const method = request.method.toUpperCase();
      if (!METHODS.has(method)) throw new ValidationError(`Method ${request.method} cannot be proxied.`);
      if (request.body && request.body.byteLength > maxRequestBytes) {
        throw new PlugboardError('payload_too_large', `The request body is larger than ${maxRequestBytes} bytes.`);
      }
      // Checked before anything leaves (a token refresh included): a bad header value is the caller's 400.
      const callerHeaders = requestHeadersToForward(request.headers);
      const cached = cachedUsable(workspaceId, id);
      if (cached) return start(workspaceId, id, method, request, callerHeaders, cached);
      return usable(workspaceId, id).then((connection) =>
        start(workspaceId, id, method, request, callerHeaders, connection),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };

  // Sends a checked request on a usable connection, through the rate limiter and the observer when there are any.
  const start = (
    workspaceId: string,
    id: string,
    method: string,
    request: ProxyRequest,
    callerHeaders: string[],
    connection: UsableConnection,
  ): Promise<ProxyResponse> => {
    usage.touch(id);
    const provider = ctx.provider(connection.row.provider);
    const to = resolveTarget(request.target, connection.base, connection.hosts);
    const call = { status: 0, retries: 0, throttled: false };
    const go = () => send(workspaceId, id, method, request, callerHeaders, connection, provider, to, call);
    return limiter || ctx.observer ? throttledAndObserved(id, provider, call, go) : go();
  };

  const throttledAndObserved = async (
    id: string,
    provider: Provider<unknown>,
    call: { status: number; retries: number; throttled: boolean },
    go: () => Promise<ProxyResponse>,
  ): Promise<ProxyResponse> => {
    const started = performance.now();
    try {
      if (limiter) call.throttled = await limiter.take(id);
      return await go();
    } finally {
      if (ctx.observer) {
        notify(ctx.observer, 'proxyCall', {
          provider: provider.id,
          status: call.status,
          durationMs: performance.now() - started,
          retries: call.retries,
          throttled: call.throttled,
        });
      }
    }
  };

  const send = async (
    workspaceId: string,
    id: string,
    method: string,
    request: ProxyRequest,
    callerHeaders: string[],
    first: UsableConnection,
    provider: Provider<unknown>,
    to: Destination,
    call: { status: number; retries: number },
  ): Promise<ProxyResponse> => {
    let connection = first;
    const { hosts } = connection;
    const mayRetry = request.retry === true || IDEMPOTENT_METHODS.has(method);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      // A plugin's signer gets a URL of its own (it may add a signature parameter) and answers the headers it sets.
      const pending = signOutgoing(provider, method, to, connection.credentials);
      // Only a plugin's own signer is asynchronous; the default answers at once, without a microtask turn.
      const signed = 'then' in pending ? await pending : pending;
      // The plugin's signer may rewrite the URL: it must still be a declared host.
      if (!hosts.has(signed.to.host)) throw new ValidationError("The URL's host is not one the provider declared.");
      // The signer's headers win over the caller's of the same name (a plugin's default Notion-Version, say).
      const headers: string[] = [];
      for (const [name, value] of signed.headers) headers.push(name, value);
      for (let i = 0; i < callerHeaders.length; i += 2) {
        const name = callerHeaders[i]!;
        if (!signed.headers.some(([signedName]) => signedName === name)) headers.push(name, callerHeaders[i + 1]!);
      }
      let answer: Awaited<ReturnType<Agent['request']>>;
      try {
        answer = await agent().request({
          origin: signed.to.origin,
          path: signed.to.path,
          method: method as 'GET',
          headers,
          body: request.body && method !== 'GET' && method !== 'HEAD' ? request.body : null,
        });
      } catch (error) {
        if (mayRetry && attempt < retries && !isEgressRefusal(error)) {
          call.retries += 1;
          await sleep(retryDelayMs(attempt, undefined, maxRetryWaitMs));
          continue;
        }
        throw networkError(provider.id, error);
      }
      // An expired or revoked token: refresh once and try again, whatever the method (nothing reached the API);
      // unless this very token came from a forced refresh moments ago, when the 401 is the provider's answer.
      if (
        answer.statusCode === 401 &&
        !refreshed &&
        connection.credentials.type === 'oauth2' &&
        mayForceRefresh(id, connection.credentials.accessToken)
      ) {
        await answer.body.dump();
        refreshed = true;
        call.retries += 1;
        connection = await usable(workspaceId, id, true);
        if (connection.credentials.type === 'oauth2') {
          forcedRefreshes.set(id, { at: Date.now(), accessToken: connection.credentials.accessToken });
        }
        attempt -= 1;
        continue;
      }
      if (RETRYABLE_STATUSES.has(answer.statusCode) && mayRetry && attempt < retries) {
        const retryAfter = answer.headers['retry-after'];
        call.retries += 1;
        await answer.body.dump();
        await sleep(retryDelayMs(attempt, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, maxRetryWaitMs));
        continue;
      }
      call.status = answer.statusCode;
      const declaredLength = Number(answer.headers['content-length']);
      if (Number.isFinite(declaredLength) && declaredLength > maxResponseBytes) {
        // Destroying a body mid-flight makes undici emit an abort error nobody else is listening for.
        answer.body.on('error', () => {});
        answer.body.destroy();
        throw new ProviderError(
          'provider_error',
          provider.id,
          `The provider's answer is larger than ${maxResponseBytes} bytes.`,
          {
            status: answer.statusCode,
          },
        );
      }
      return {
        status: answer.statusCode,
        headers: responseHeadersToReturn(answer.headers),
        // A declared length within the cap needs no counting on the way through.
        body: Number.isFinite(declaredLength) ? answer.body : answer.body.pipe(byteLimit(maxResponseBytes)),
      };
    }
  };

  return {
    forward,
    /**
     * Closes the pools of connections to providers: requests under way may finish for `waitMs`, then whatever
     * is still outstanding is destroyed, so shutdown never waits for an upstream that does not answer. The
     * lastUsedAt writes under way get what is left of `waitMs`.
     */
    async close(waitMs = Number.POSITIVE_INFINITY) {
      const started = Date.now();
      if (pool && !(await settlesWithin(pool.close(), waitMs))) await pool.destroy();
      // Before the hub closes the database under them.
      await settlesWithin(usage.settled(), waitMs - (Date.now() - started));
    },
  };
}

// Passes bytes through until `limit`, then fails the stream: the caller sees the connection cut, not a truncated "success".
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new Error(`The provider's answer exceeded ${limit} bytes.`));
      else done(null, chunk);
    },
  });
}

function networkError(providerId: string, error: unknown): ProviderError {
  if (isEgressRefusal(error)) {
    return new ProviderError(
      'provider_error',
      providerId,
      "The hub's egress policy does not allow the provider's address.",
      {
        cause: error,
      },
    );
  }
  const { errors } = undici();
  const timedOut =
    error instanceof errors.ConnectTimeoutError ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError;
  return new ProviderError(
    timedOut ? 'provider_timeout' : 'provider_error',
    providerId,
    timedOut
      ? 'The provider did not answer in time.'
      : `The provider could not be reached: ${(error as Error).message}`,
    { cause: error },
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
