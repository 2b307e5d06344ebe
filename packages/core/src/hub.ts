import { listToolCalls, recordToolCall } from './agents/audit.js';
import { createAgentConnections } from './agents/connections.js';
import { createMcpTokenService } from './agents/tokens.js';
import { periodic } from './background/periodic.js';
import { settlesWithin } from './background/settles.js';
import { createExpiry } from './connections/expiry.js';
import { createRefresher } from './connections/refresh.js';
import { findConnectionRow } from './connections/rows.js';
import { createRefreshScheduler } from './connections/scheduler.js';
import { createConnectionService } from './connections/service.js';
import type { EngineContext } from './context.js';
import { isProvider } from './contract/define.js';
import { checkPresentation } from './contract/presentation.js';
import type { Provider } from './contract/types.js';
import { SPEC_VERSION } from './contract/types.js';
import { createKeyRing } from './crypto/keyring.js';
import { createKeyMaintenance } from './crypto/reencrypt.js';
import { secretsEqual } from './crypto/secrets.js';
import { createEgressPolicy } from './egress/policy.js';
import { NotFoundError, PlugboardError, RateLimitedError } from './errors.js';
import { createWebhookDispatcher } from './events/dispatcher.js';
import { createWebhookService } from './events/webhooks.js';
import type { BackgroundWork, Hub, HubOptions } from './hub-types.js';
import { createLogger, registerSecret } from './log/logger.js';
import { summarizeProvider } from './provider-summary.js';
import { createCredentialCache } from './proxy/credential-cache.js';
import { createProxy } from './proxy/forward.js';
import { createConnectSessionService } from './sessions/connect-sessions.js';
import { migrateStore, openStore } from './store/database.js';
import { claimedKeyId, createApiKeyService } from './tenancy/api-keys.js';
import { createAuthThrottle } from './tenancy/auth-throttle.js';
import { createBrandingService } from './tenancy/branding.js';
import { createOAuthAppService } from './tenancy/oauth-apps.js';
import { createWorkspaceDeletion } from './tenancy/workspace-deletion.js';
import { createWorkspaceService } from './tenancy/workspaces.js';

// Deletions are rare; a connection past its expiresAt is refused at once anyway, whatever the pass's delay.
const DELETION_INTERVAL_MS = 10_000;

const MIN_ADMIN_KEY_LENGTH = 32;

/** Creates the engine: opens and migrates the database, checks keys and providers, returns typed services. */
export async function createHub(options: HubOptions): Promise<Hub> {
  const keys = createKeyRing(options.encryptionKeys);
  const adminKeys = options.adminKey === undefined ? [] : [options.adminKey].flat();
  if (adminKeys.some((key) => key.length < MIN_ADMIN_KEY_LENGTH)) {
    throw new PlugboardError('validation_error', `adminKey must be at least ${MIN_ADMIN_KEY_LENGTH} characters.`);
  }
  for (const key of adminKeys) registerSecret(key);
  const publicUrl = checkPublicUrl(options.publicUrl);
  const providers = indexProviders(options.providers, publicUrl);
  const logger = options.logger ?? createLogger();
  const store = openStore(options.database, {
    postgresSchema: options.postgresSchema,
    timeouts: options.databaseTimeouts,
    logger,
  });
  const migrate = () => migrateStore(store, { postgresSchema: options.postgresSchema }).then(() => undefined);
  if (options.migrate !== false) await migrate();
  const egress = createEgressPolicy(options.egress);

  const ctx: EngineContext = {
    db: store.db,
    keys,
    logger,
    publicUrl,
    callbackUrl: `${publicUrl}/oauth/callback`,
    provider(id) {
      const provider = providers.get(id);
      if (!provider) throw new NotFoundError(`Provider "${id}"`);
      return provider;
    },
    fetch: options.fetch ?? egress.fetch,
    egress,
    sessionTtlMs: (options.sessionTtlSeconds ?? 600) * 1000,
    providerTimeoutMs: options.providerTimeoutMs ?? 15_000,
    connectionCache: createCredentialCache(),
    observer: options.observer,
  };
  const throttle = createAuthThrottle(options.authThrottle);
  const workspaces = createWorkspaceService(ctx);
  const apiKeys = createApiKeyService(ctx, workspaces.get);
  const oauthApps = createOAuthAppService(ctx);
  const branding = createBrandingService(ctx, { workspace: workspaces.get });
  const sessions = createConnectSessionService(ctx, {
    workspace: workspaces.get,
    oauthApps,
    appearance: branding.appearance,
    providerIds: () => [...providers.keys()],
  });
  const refresher = createRefresher(ctx, oauthApps);
  const connections = createConnectionService(ctx, { sessions, oauthApps, refresher, workspace: workspaces.get });
  const webhooks = createWebhookService(ctx, workspaces.get, options.webhooks);
  const scheduler = createRefreshScheduler(ctx, refresher, options.refresh);
  const dispatcher = createWebhookDispatcher(ctx, options.webhooks);
  const deletion = createWorkspaceDeletion(ctx, {
    deleteConnection: connections.delete,
    forgetKeys: apiKeys.forgetWorkspace,
  });
  const expiry = createExpiry(ctx, oauthApps);
  // Expired connections, then deleted workspaces' connections: rare work that may wait on revocation endpoints.
  const deleteDue = async () => (await expiry.runOnce()) + (await deletion.runOnce());
  const deletions = periodic('deletion', deleteDue, () => DELETION_INTERVAL_MS, ctx.logger);
  const proxy = createProxy(
    ctx,
    {
      refresher,
      findRow: (workspaceId, id) => findConnectionRow(ctx, workspaceId, id),
      cache: ctx.connectionCache,
    },
    options.proxy,
  );

  const mcpTokens = createMcpTokenService(ctx, (id) => providers.has(id));
  const agentConnections = createAgentConnections(ctx);
  function startBackground(which: BackgroundWork = {}): void {
    const started: string[] = [];
    if (which.refresh !== false) {
      scheduler.start();
      started.push('proactive token refresh');
    }
    if (which.webhooks !== false) {
      dispatcher.start();
      started.push('webhook delivery');
    }
    if (which.deletions !== false) {
      deletions.start();
      started.push('deletion of expired connections and deleted workspaces');
    }
    if (started.length > 0) ctx.logger.info({ background: started }, `background work started: ${started.join(', ')}`);
  }
  const background = options.background ?? true;
  if (background !== false) startBackground(background === true ? {} : background);

  return {
    publicUrl,
    callbackUrl: ctx.callbackUrl,
    logger: ctx.logger,
    providers: {
      list: () => [...providers.values()].map((provider) => summarizeProvider(provider, publicUrl)),
      get: ctx.provider,
    },
    auth: {
      recall(bearer, client) {
        const principal = apiKeys.recall(bearer);
        if (!principal || throttle.quiet()) return principal;
        // A throttled client or key is authenticate's to refuse, with its wait.
        return throttle.retryAfterSeconds(throttleBuckets(bearer, client)) === 0 ? principal : undefined;
      },
      async authenticate(bearer, client) {
        const keyId = claimedKeyId(bearer);
        const buckets = throttleBuckets(bearer, client);
        const wait = throttle.retryAfterSeconds(buckets);
        if (wait > 0) {
          ctx.logger.warn({ client, keyId }, 'authentication throttled after repeated failures');
          throw new RateLimitedError('Too many failed authentication attempts; try again later.', wait);
        }
        // Workspace keys first: they carry the proxy's traffic, and their own format rules most bearers in or out.
        const principal = await apiKeys.authenticate(bearer);
        if (principal) return principal;
        // Every key is compared, so the time taken says nothing about which one matched.
        const admin = adminKeys.map((key) => secretsEqual(bearer, key)).includes(true);
        if (admin) return { kind: 'admin' };
        throttle.fail(buckets);
        return null;
      },
    },
    workspaces: { ...workspaces, delete: deletion.start },
    branding,
    apiKeys: { create: apiKeys.create, list: apiKeys.list, delete: apiKeys.delete },
    oauthApps,
    connectSessions: {
      create: sessions.create,
      get: sessions.get,
      open: sessions.open,
      choose: sessions.choose,
      submitCredentials: connections.submitCredentials,
    },
    completeCallback: connections.completeCallback,
    connections: {
      completeCallback: connections.completeApiCallback,
      create: connections.create,
      list: connections.list,
      current: connections.current,
      get: connections.get,
      credentials: connections.credentials,
      refresh: connections.refresh,
      // The action's own output schema parsed what it answers, so its output type is what the caller named.
      runAction: connections.runAction as Hub['connections']['runAction'],
      delete: connections.delete,
    },
    webhooks,
    proxy: { forward: proxy.forward },
    agents: {
      mintToken: mcpTokens.mint,
      isToken: mcpTokens.looksLikeToken,
      verifyToken: mcpTokens.verify,
      connections: agentConnections.list,
      pickConnection: agentConnections.pick,
      recordToolCall: (workspaceId, call) => recordToolCall(ctx, workspaceId, call),
      toolCalls: (workspaceId, limit) => listToolCalls(ctx, workspaceId, limit),
    },
    background: {
      start: startBackground,
      async stop() {
        await Promise.all([scheduler.stop(), dispatcher.stop(), deletions.stop()]);
      },
      refreshDue: scheduler.runOnce,
      deliverDue: dispatcher.runOnce,
      deleteDue,
    },
    migrate,
    async ready() {
      try {
        await store.db.selectFrom('workspaces').select('id').limit(1).execute();
        return true;
      } catch {
        return false;
      }
    },
    encryption: createKeyMaintenance(ctx),
    async stats() {
      const [connections, backlog] = await Promise.all([
        store.db
          .selectFrom('connections')
          .select(['provider', 'status', (eb) => eb.fn.countAll<number | string>().as('count')])
          .groupBy(['provider', 'status'])
          .execute(),
        store.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('status', '=', 'pending')
          .executeTakeFirst(),
      ]);
      return {
        connections: connections.map((row) => ({
          provider: row.provider,
          status: row.status,
          count: Number(row.count),
        })),
        outboxBacklog: Number(backlog?.count ?? 0),
      };
    },
    async close(closeOptions = {}) {
      const deadline = Date.now() + (closeOptions.timeoutMs ?? Number.POSITIVE_INFINITY);
      const left = () => deadline - Date.now();
      // A pass under way may wait on a provider: it gets what is left of the time, then loses its database.
      await settlesWithin(Promise.all([scheduler.stop(), dispatcher.stop(), deletions.stop()]), left());
      await proxy.close(left());
      await egress.close();
      await refresher.releaseAll().catch((error: unknown) => logger.warn({ err: error }, 'could not release leases'));
      await store.db.destroy();
    },
  };
}

// The throttle's buckets for an attempt: the caller's address and the key id the bearer claims.
function throttleBuckets(bearer: string, client: string | undefined): string[] {
  const keyId = claimedKeyId(bearer);
  return [...(client ? [`client:${client}`] : []), ...(keyId ? [`key:${keyId}`] : [])];
}

// An absolute http(s) URL with no query or fragment: every link the hub hands out is built on it.
function checkPublicUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new PlugboardError(
      'validation_error',
      `publicUrl must be an absolute http(s) URL without query, fragment or credentials (got "${value}").`,
    );
  }
  return value.replace(/\/+$/, '');
}

function indexProviders(list: Provider<unknown>[], publicUrl: string): Map<string, Provider<unknown>> {
  const byId = new Map<string, Provider<unknown>>();
  for (const provider of list) {
    if (!isProvider(provider) || provider.specVersion !== SPEC_VERSION) {
      throw new PlugboardError(
        'validation_error',
        `"${(provider as { id?: string }).id ?? 'unknown'}" is not a provider of spec version ${SPEC_VERSION}.`,
      );
    }
    // Only a provider serving routes lives at a URL of the hub's; for the others publicUrl is information.
    const builtFor = provider.context?.publicUrl;
    if (provider.http && builtFor !== publicUrl) {
      const got = builtFor === undefined ? 'without a publicUrl' : `for ${builtFor}`;
      throw new PlugboardError(
        'validation_error',
        `Provider "${provider.id}" was built ${got}, but this hub's publicUrl is ${publicUrl}: build it with ` +
          `the same one, e.g. factory(options, { publicUrl: '${publicUrl}' }).`,
      );
    }
    if (byId.has(provider.id)) throw new PlugboardError('validation_error', `Duplicate provider id "${provider.id}".`);
    byId.set(provider.id, checkPresentation(provider));
  }
  return byId;
}
