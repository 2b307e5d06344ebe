import { type EngineContext, nowIso, readJson } from '../context.js';
import type { Credentials, OAuth2Auth, TokenSet } from '../contract/types.js';
import { randomSecret } from '../crypto/secrets.js';
import { claimError, isPlugboardError, NotFoundError, PlugboardError, ProviderError } from '../errors.js';
import { recordEvent } from '../events/outbox.js';
import { refreshGrant } from '../oauth/code-exchange.js';
import { notify } from '../observer.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';
import { sql } from '../vendor/kysely.js';
import { createProviderFetch } from './provider-fetch.js';
import {
  type ConnectionRow,
  openCredentials,
  registerCredentialSecrets,
  sealCredentials,
  toConnection,
} from './rows.js';
import { tokenRequestParts } from './token-parts.js';

/** Tokens expiring within this margin are refreshed before use. */
export const REFRESH_MARGIN_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const OWN_FAILURES = new Set(['database_unavailable', 'key_unavailable', 'internal_error']);

/** How a refresh is asked for. */
export interface RefreshRequest {
  /** Refresh even if the token is not due (POST /refresh); joins a refresh already under way. */
  force?: boolean;
  /** Refresh when the token expires within this many ms (the scheduler looks further ahead). */
  marginMs?: number;
}

/**
 * Refreshes OAuth2 tokens, one refresh per connection at a time across processes (DESIGN.md section 8):
 * in-process single-flight, a lease row taken with a conditional update, a re-read once the lease is held,
 * and a compare-and-swap write. Everyone who did not win gets the winner's token.
 */
export function createRefresher(ctx: EngineContext, oauthApps: ReturnType<typeof createOAuthAppService>) {
  const inFlight = new Map<string, Promise<Credentials>>();
  // Leases this process holds now (connection id -> owner token), released on shutdown.
  const held = new Map<string, string>();
  // Twice the token request timeout, so a live holder never outlives its lease; waiters give up a bit later.
  const leaseMs = ctx.providerTimeoutMs * 2;
  const waitDeadlineMs = leaseMs + 5_000;

  const read = async (id: string): Promise<ConnectionRow> => {
    const row = await ctx.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('Connection');
    return row;
  };

  const release = (id: string, owner: string) =>
    ctx.db
      .updateTable('connections')
      .set({ lease_owner: null, lease_expires_at: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();

  const reauthError = (row: ConnectionRow) =>
    new PlugboardError('reauth_required', `Connection ${row.id} needs the user to connect again.`);

  // Transient failure: keep the token, record why, and back off exponentially (with jitter).
  const recordFailure = async (row: ConnectionRow, owner: string, error: PlugboardError) => {
    const failures = row.refresh_failures + 1;
    const delay = Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5);
    const lastError = { code: error.code, message: error.message };
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('connections')
        .set({
          last_error: JSON.stringify(lastError),
          refresh_failures: failures,
          refresh_retry_at: new Date(Date.now() + delay).toISOString(),
          updated_at: nowIso(),
        })
        .where('id', '=', row.id)
        .where('lease_owner', '=', owner)
        .execute();
      await recordEvent(trx, row.workspace_id, 'connection.refresh_failed', {
        connection: { ...toConnection(row, ctx), lastError },
        attempt: failures,
      });
    });
  };

  const markReauthRequired = async (row: ConnectionRow, owner: string, error: PlugboardError) => {
    const lastError = { code: 'reauth_required', message: error.message };
    await ctx.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('connections')
        .set({
          status: 'reauth_required',
          last_error: JSON.stringify(lastError),
          version: sql`version + 1`,
          updated_at: nowIso(),
        })
        .where('id', '=', row.id)
        .where('lease_owner', '=', owner)
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return;
      ctx.connectionCache.forget(row.id);
      await recordEvent(trx, row.workspace_id, 'connection.reauth_required', {
        connection: { ...toConnection(row, ctx), status: 'reauth_required', lastError },
      });
    });
  };

  const refreshHoldingLease = async (
    id: string,
    owner: string,
    request: Required<RefreshRequest>,
    seenVersion: number,
  ) => {
    const row = await read(id);
    const credentials = openCredentials(ctx.keys, row);
    if (row.status === 'reauth_required') throw reauthError(row);
    // Re-read once the lease is held: a sibling may have refreshed between our read and our lease.
    const alreadyDone = request.force ? row.version !== seenVersion : !isDue(credentials, request.marginMs);
    if (alreadyDone || credentials.type !== 'oauth2') return credentials;
    const provider = ctx.provider(row.provider);
    const auth = provider.auth as OAuth2Auth;
    const hook = typeof auth.refresh === 'function' ? auth.refresh : undefined;
    if (auth.refresh === 'none' || (!credentials.refreshToken && !hook)) {
      if (isDue(credentials, 0)) {
        await markReauthRequired(
          row,
          owner,
          new PlugboardError('reauth_required', 'The token expired and this provider cannot refresh it.'),
        );
        throw reauthError(row);
      }
      return credentials;
    }
    let tokens: TokenSet;
    try {
      const metadata = readJson<Record<string, unknown>>(row.metadata);
      const parts = await tokenRequestParts(ctx, oauthApps, provider, row.workspace_id, row.oauth_app_id, { metadata });
      const standard = async () => {
        if (!credentials.refreshToken) throw new PlugboardError('reauth_required', 'There is no refresh token.');
        return (await refreshGrant(parts, credentials.refreshToken)).tokens;
      };
      tokens = hook
        ? await runHook(provider.id, () =>
            hook({
              credentials,
              metadata,
              client: parts.client,
              standard,
              fetch: createProviderFetch(provider, credentials, metadata, ctx.fetch, [], { sign: false }),
            }),
          )
        : await standard();
    } catch (error) {
      // Our own trouble (the database, a missing key) says nothing about the provider: nothing to record.
      if (!isPlugboardError(error) || OWN_FAILURES.has(error.code)) throw error;
      if (error.code === 'reauth_required') {
        // invalid_grant: re-read first; if someone else wrote new tokens meanwhile, theirs are good.
        const again = await read(id);
        if (again.version !== row.version) {
          if (again.status === 'reauth_required') throw reauthError(again);
          return openCredentials(ctx.keys, again);
        }
        await markReauthRequired(row, owner, error);
        notify(ctx.observer, 'refresh', { provider: row.provider, outcome: 'reauth_required' });
        throw error;
      }
      await recordFailure(row, owner, error);
      notify(ctx.observer, 'refresh', { provider: row.provider, outcome: 'failed' });
      // A token that has not actually expired is still good to use while the provider recovers.
      if (!isDue(credentials, 0)) return credentials;
      throw error;
    }
    const next: Credentials = {
      ...credentials,
      ...tokens,
      type: 'oauth2',
      // Rule 8.2: a response without a refresh token keeps the old one, and what is known of its lifetime.
      refreshToken: tokens.refreshToken ?? credentials.refreshToken,
      refreshTokenExpiresAt: tokens.refreshToken ? tokens.refreshTokenExpiresAt : credentials.refreshTokenExpiresAt,
    };
    registerCredentialSecrets(next);
    const now = nowIso();
    const changes = {
      credentials: sealCredentials(ctx.keys, row.workspace_id, row.id, next),
      token_expires_at: next.expiresAt ?? null,
      refresh_token_expires_at: next.refreshTokenExpiresAt ?? null,
      scopes: tokens.scopes ? JSON.stringify(tokens.scopes) : row.scopes,
      status: 'active',
      last_error: null,
      last_refreshed_at: now,
      refresh_failures: 0,
      refresh_retry_at: null,
      updated_at: now,
    };
    await ctx.db.transaction().execute(async (trx) => {
      const written = await trx
        .updateTable('connections')
        .set({ ...changes, version: sql`version + 1` })
        .where('id', '=', row.id)
        .where('lease_owner', '=', owner)
        .where('version', '=', row.version)
        .executeTakeFirst();
      if (written.numUpdatedRows === 0n) {
        throw new PlugboardError('conflict', `Connection ${row.id} changed while it was being refreshed.`);
      }
      ctx.connectionCache.forget(row.id);
      await recordEvent(trx, row.workspace_id, 'connection.refreshed', {
        connection: toConnection({ ...row, ...changes }, ctx),
      });
    });
    notify(ctx.observer, 'refresh', { provider: row.provider, outcome: 'refreshed' });
    return next;
  };

  const refreshAcrossProcesses = async (row: ConnectionRow, request: Required<RefreshRequest>) => {
    const deadline = Date.now() + waitDeadlineMs;
    for (;;) {
      const owner = randomSecret(16);
      const now = nowIso();
      const lease = { lease_owner: owner, lease_expires_at: new Date(Date.now() + leaseMs).toISOString() };
      const free = await ctx.db
        .updateTable('connections')
        .set(lease)
        .where('id', '=', row.id)
        .where('lease_owner', 'is', null)
        .executeTakeFirst();
      // Only when the lease is held: one that outlived its holder (a crash, a stall) is taken over, and counted.
      const takenOver =
        free.numUpdatedRows === 0n &&
        (
          await ctx.db
            .updateTable('connections')
            .set(lease)
            .where('id', '=', row.id)
            .where('lease_expires_at', '<', now)
            .executeTakeFirst()
        ).numUpdatedRows === 1n;
      if (takenOver) notify(ctx.observer, 'leaseTakeover', { provider: row.provider });
      if (free.numUpdatedRows === 1n || takenOver) {
        held.set(row.id, owner);
        try {
          return await refreshHoldingLease(row.id, owner, request, row.version);
        } finally {
          held.delete(row.id);
          await release(row.id, owner);
        }
      }
      // Another process holds the lease: wait for its write, then use its token.
      await sleep(20 + Math.random() * 40);
      const current = await read(row.id);
      if (current.version !== row.version) {
        if (current.status === 'reauth_required') throw reauthError(current);
        const credentials = openCredentials(ctx.keys, current);
        if (request.force || !isDue(credentials, request.marginMs)) return credentials;
      }
      if (Date.now() > deadline) {
        throw new ProviderError(
          'provider_timeout',
          row.provider,
          'Timed out waiting for another refresh of this connection.',
        );
      }
    }
  };

  return {
    /** The connection's credentials, refreshed first when due (or when forced). */
    async ensureFresh(row: ConnectionRow, request: RefreshRequest = {}): Promise<Credentials> {
      const full: Required<RefreshRequest> = {
        force: request.force ?? false,
        marginMs: request.marginMs ?? REFRESH_MARGIN_MS,
      };
      const credentials = openCredentials(ctx.keys, row);
      if (credentials.type !== 'oauth2') return credentials;
      if (row.status === 'reauth_required') throw reauthError(row);
      if (!full.force && !isDue(credentials, full.marginMs)) return credentials;
      let pending = inFlight.get(row.id);
      if (!pending) {
        pending = refreshAcrossProcesses(row, full).finally(() => inFlight.delete(row.id));
        inFlight.set(row.id, pending);
      }
      return pending;
    },
    /** Re-reads a connection row (after a refresh, to answer with its new state). */
    read,
    /** Gives up every lease this process holds (shutdown), so siblings need not wait for them to expire. */
    async releaseAll(): Promise<void> {
      const leases = [...held];
      held.clear();
      await Promise.all(leases.map(([id, owner]) => release(id, owner)));
    },
  };
}

/** True when an OAuth2 token expires within `marginMs` (tokens without an expiry never are). */
export function isDue(credentials: Credentials, marginMs: number): boolean {
  if (credentials.type !== 'oauth2' || !credentials.expiresAt) return false;
  return Date.parse(credentials.expiresAt) - marginMs <= Date.now();
}

/** Runs a plugin's refresh hook: something other than our errors thrown from it is a transient provider failure. */
export async function runHook<T>(providerId: string, hook: () => Promise<T>): Promise<T> {
  try {
    return await hook();
  } catch (error) {
    if (isPlugboardError(error)) throw claimError(error, providerId);
    throw new ProviderError(
      'provider_error',
      providerId,
      `The provider's refresh failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
