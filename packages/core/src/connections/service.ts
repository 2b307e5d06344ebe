import { sql } from 'kysely';
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { type EngineContext, newId, nowIso, readJson } from '../context.js';
import type { AccountInfo, Credentials, EndpointContext, FieldsAuth, Provider, TokenSet } from '../contract/types.js';
import { PlugboardError, ProviderError, parseOrThrow, ValidationError } from '../errors.js';
import { recordEvent } from '../events/outbox.js';
import type { CallbackQuery, ListConnectionsInput } from '../hub-types.js';
import type { CallbackResult, Connection } from '../model.js';
import { exchangeCode, refreshGrant } from '../oauth/code-exchange.js';
import { clientAuthentication, requestOptions } from '../oauth/transport.js';
import { type createConnectSessionService, displayOf, type SessionRow } from '../sessions/connect-sessions.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';
import { createActionRunner } from './actions.js';
import { credentialFields } from './fields.js';
import { createProviderFetch } from './provider-fetch.js';
import type { createRefresher } from './refresh.js';
import {
  type ConnectionRow,
  findConnectionRow,
  openCredentials,
  registerCredentialSecrets,
  sealCredentials,
  sealSecrets,
  toConnection,
} from './rows.js';
import { tokenRequestParts } from './token-parts.js';

const ownerSchema = z.string().min(1).max(200);

/** Input of a programmatic connection. */
export const createConnectionInput = z.object({
  provider: z.string().min(1).max(100),
  ownerId: ownerSchema.optional(),
  shared: z.boolean().optional(),
  credentials: z.looseObject({ type: z.enum(['oauth2', 'api_key', 'basic', 'raw']) }),
});

/** Input of the API variant of the OAuth callback. */
export const connectionCallbackInput = z.object({
  provider: z.string().min(1).max(100),
  code: z.string().min(1).max(4000),
  state: z.string().min(1).max(500),
  redirectUri: z.string().min(1).max(2000),
  params: z.record(z.string(), z.string().max(2000)).optional(),
});

/** Query of a connection listing. */
export const listConnectionsInput = z.object({
  provider: z.string().min(1).max(100).optional(),
  ownerId: ownerSchema.optional(),
  status: z.enum(['active', 'reauth_required', 'error']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

const importedOAuth2 = z
  .object({
    type: z.literal('oauth2'),
    accessToken: z.string().min(1).optional(),
    refreshToken: z.string().min(1).optional(),
    tokenType: z.string().min(1).default('Bearer'),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    scopes: z.array(z.string()).optional(),
  })
  .strict()
  .refine((value) => value.accessToken || value.refreshToken, 'an accessToken or a refreshToken is required');

/** What every new or reconnected account brings to the store. */
interface AccountWrite {
  workspaceId: string;
  provider: Provider<any>;
  ownerId: string | null;
  shared: boolean;
  account: AccountInfo;
  credentials: Credentials;
  scopes: string[];
  /** The workspace OAuth app the tokens were issued to; null for the config's client. */
  oauthAppId: string | null;
}

/** Connections: completing callbacks, programmatic creation, listing, credentials and deletion, all workspace-scoped. */
export function createConnectionService(
  ctx: EngineContext,
  deps: {
    sessions: ReturnType<typeof createConnectSessionService>;
    oauthApps: ReturnType<typeof createOAuthAppService>;
    refresher: ReturnType<typeof createRefresher>;
  },
) {
  const findRow = (workspaceId: string, id: string) => findConnectionRow(ctx, workspaceId, id);

  const tokenParts = (
    provider: Provider<any>,
    workspaceId: string,
    appId?: string | null,
    endpoints?: EndpointContext,
  ) => tokenRequestParts(ctx, deps.oauthApps, provider, workspaceId, appId, endpoints);

  const lookUpAccount = async (
    provider: Provider<any>,
    credentials: Credentials,
    extra: {
      tokenResponse?: Record<string, unknown>;
      idTokenClaims?: Record<string, unknown>;
      callbackParams?: Record<string, string>;
      userinfoUrl?: string;
    },
  ): Promise<AccountInfo> => {
    // The userinfo endpoint (declared, or discovered from the issuer) is a destination of the account step too.
    const userinfoHost = extra.userinfoUrl ? [new URL(extra.userinfoUrl).host] : [];
    const fetch = createProviderFetch(provider, credentials, {}, ctx.fetch, userinfoHost);
    let account: AccountInfo | undefined;
    if (provider.account) {
      try {
        account = await provider.account({ credentials, fetch, ...extra });
      } catch (cause) {
        if (cause instanceof PlugboardError) throw cause;
        throw new ProviderError(
          'provider_error',
          provider.id,
          `Could not look up the connected account: ${(cause as Error).message}`,
          { cause },
        );
      }
    } else if (typeof extra.idTokenClaims?.sub === 'string') {
      account = { id: extra.idTokenClaims.sub };
    }
    if (!account || typeof account.id !== 'string' || account.id === '') {
      throw new ProviderError('provider_error', provider.id, 'The provider did not say which account was connected.');
    }
    if (provider.metadataSchema) {
      const parsed = provider.metadataSchema.safeParse(account.metadata ?? {});
      if (!parsed.success) {
        throw new ProviderError(
          'provider_error',
          provider.id,
          'The account metadata the provider returned is not valid.',
        );
      }
      account = { ...account, metadata: parsed.data as Record<string, unknown> };
    }
    return account;
  };

  // New account: insert. Known account (same workspace, provider, account and owner): fresh credentials, same id.
  const saveAccount = async (write: AccountWrite, attempt = 0): Promise<Connection> => {
    registerCredentialSecrets(write.credentials);
    const ownerKey = write.ownerId ?? '';
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('connections')
          .select(['id', 'created_at', 'metadata_choices'])
          .where('workspace_id', '=', write.workspaceId)
          .where('provider', '=', write.provider.id)
          .where('account_id', '=', write.account.id)
          .where('owner_key', '=', ownerKey)
          .executeTakeFirst();
        const now = nowIso();
        const id = existing?.id ?? newId();
        const row: ConnectionRow = {
          id,
          workspace_id: write.workspaceId,
          provider: write.provider.id,
          owner_id: write.ownerId,
          owner_key: ownerKey,
          shared: write.shared ? 1 : 0,
          account_id: write.account.id,
          account_name: write.account.name ?? null,
          status: 'active',
          scopes: JSON.stringify(write.scopes),
          credential_type: write.credentials.type,
          credentials: sealCredentials(ctx.keys, write.workspaceId, id, write.credentials),
          secrets: write.account.secrets ? sealSecrets(ctx.keys, write.workspaceId, id, write.account.secrets) : null,
          token_expires_at: write.credentials.type === 'oauth2' ? (write.credentials.expiresAt ?? null) : null,
          last_refreshed_at: null,
          last_used_at: null,
          last_error: null,
          // A reconnect replaces what the account step says and keeps what actions chose (a selected property).
          metadata: JSON.stringify({
            ...(write.account.metadata ?? {}),
            ...readJson(existing?.metadata_choices ?? '{}'),
          }),
          metadata_choices: existing?.metadata_choices ?? null,
          created_at: existing?.created_at ?? now,
          updated_at: now,
          lease_owner: null,
          lease_expires_at: null,
          version: 0,
          refresh_failures: 0,
          refresh_retry_at: null,
          oauth_app_id: write.oauthAppId,
        };
        if (existing) {
          const { id: _id, created_at: _created, version: _version, ...changes } = row;
          // A reconnect replaces the credentials: bumping the version makes any in-flight refresh's write lose.
          await trx
            .updateTable('connections')
            .set({ ...changes, version: sql`version + 1` })
            .where('id', '=', id)
            .execute();
        } else {
          await trx.insertInto('connections').values(row).execute();
        }
        ctx.connectionCache.forget(id);
        const connection = toConnection(row);
        await recordEvent(trx, write.workspaceId, existing ? 'connection.updated' : 'connection.created', {
          connection,
        });
        return connection;
      });
    } catch (error) {
      // Two first connects of one account raced on Postgres: the loser's retry finds the winner's row.
      if (attempt === 0 && isUniqueViolation(error)) return saveAccount(write, 1);
      throw error;
    }
  };

  const finishOAuth = async (session: SessionRow & { codeVerifier: string | null }, params: URLSearchParams) => {
    const provider = ctx.provider(session.provider);
    if (provider.auth.type !== 'oauth2') throw new ValidationError(`Provider "${provider.id}" does not use OAuth2.`);
    const callbackParams = provider.auth.callbackParams
      ? parseOrThrow(provider.auth.callbackParams, Object.fromEntries(params), 'provider callback parameters')
      : undefined;
    const parts = await tokenParts(provider, session.workspace_id, session.oauth_app_id, {
      callbackParams,
      metadata: {},
    });
    const exchanged = await exchangeCode(parts, {
      callbackParams: params,
      redirectUri: session.redirect_uri,
      codeVerifier: session.codeVerifier,
    });
    const tokens = provider.auth.afterExchange
      ? await provider.auth.afterExchange({
          tokens: exchanged.tokens,
          client: parts.client,
          fetch: createProviderFetch(provider, { type: 'oauth2', ...exchanged.tokens }, {}, ctx.fetch),
        })
      : exchanged.tokens;
    const credentials: Credentials = { type: 'oauth2', ...tokens };
    const account = await lookUpAccount(provider, credentials, {
      tokenResponse: exchanged.body,
      ...(exchanged.idTokenClaims ? { idTokenClaims: exchanged.idTokenClaims } : {}),
      ...(callbackParams ? { callbackParams } : {}),
      ...(parts.server.userinfo_endpoint ? { userinfoUrl: parts.server.userinfo_endpoint } : {}),
    });
    return saveAccount({
      workspaceId: session.workspace_id,
      provider,
      ownerId: session.owner_id,
      shared: session.shared === 1,
      account,
      credentials,
      scopes: tokens.scopes ?? exchanged.tokens.scopes ?? (JSON.parse(session.scopes) as string[]),
      oauthAppId: session.oauth_app_id,
    });
  };

  const importOAuth2 = async (workspaceId: string, provider: Provider<any>, input: unknown) => {
    const imported = parseOrThrow(importedOAuth2, input, 'oauth2 credentials', 'credentials');
    const parts = await tokenParts(provider, workspaceId);
    let tokens: TokenSet = { ...imported, accessToken: imported.accessToken ?? '' };
    const expired = imported.expiresAt !== undefined && Date.parse(imported.expiresAt) <= Date.now();
    if (imported.refreshToken && (!imported.accessToken || expired)) {
      const refreshed = await refreshGrant(parts, imported.refreshToken);
      tokens = { ...refreshed.tokens, refreshToken: refreshed.tokens.refreshToken ?? imported.refreshToken };
    }
    return {
      credentials: { type: 'oauth2', ...tokens } as Credentials,
      scopes: tokens.scopes ?? imported.scopes ?? [],
      oauthAppId: parts.client.appId,
    };
  };

  const collectFields = async (provider: Provider<any>, auth: FieldsAuth, input: Record<string, unknown>) => {
    const { type, ...fields } = input;
    const schema = credentialFields(auth);
    const values = parseOrThrow(schema, fields, `${auth.type} credentials`, 'credentials');
    const credentials = { ...values, type: auth.type } as Credentials;
    registerCredentialSecrets(credentials);
    if (auth.verify) {
      try {
        await auth.verify({ credentials, fetch: createProviderFetch(provider, credentials, {}, ctx.fetch) });
      } catch (cause) {
        if (cause instanceof PlugboardError) throw cause;
        throw new ValidationError(`The provider refused these credentials: ${(cause as Error).message}`, [
          { path: 'credentials', message: 'rejected by the provider' },
        ]);
      }
    }
    return credentials;
  };

  // Typed-in credentials name their account through the plugin's hook, else by username (basic) or not at all.
  const accountOfFields = (provider: Provider<any>, credentials: Credentials): Promise<AccountInfo> | AccountInfo =>
    provider.account || credentials.type === 'oauth2'
      ? lookUpAccount(provider, credentials, {})
      : { id: credentials.type === 'basic' ? credentials.username : newId() };

  const revoke = async (
    row: ConnectionRow,
    credentials: Credentials,
  ): Promise<{ revoked: boolean; error?: string }> => {
    const provider = ctx.provider(row.provider);
    const auth = provider.auth;
    if (auth.type !== 'oauth2' || credentials.type !== 'oauth2' || auth.revoke === 'none') return { revoked: false };
    const metadata = readJson<Record<string, unknown>>(row.metadata);
    const parts = await tokenParts(provider, row.workspace_id, row.oauth_app_id, { metadata });
    const hook = typeof auth.revoke === 'function' ? auth.revoke : undefined;
    const endpoint = parts.server.revocation_endpoint;
    if (!hook && !endpoint) return { revoked: false };
    const token = credentials.refreshToken ?? credentials.accessToken;
    try {
      if (hook) {
        await hook({
          credentials,
          metadata,
          client: parts.client,
          fetch: createProviderFetch(provider, credentials, metadata, ctx.fetch, [], { sign: false }),
        });
        return { revoked: true };
      }
      const response = await oauth.revocationRequest(
        parts.server,
        { client_id: parts.client.clientId },
        clientAuthentication(parts.auth, parts.client.clientSecret),
        token,
        requestOptions(parts, endpoint!),
      );
      await oauth.processRevocationResponse(response);
      return { revoked: true };
    } catch (error) {
      ctx.logger.warn(
        { provider: provider.id, connectionId: row.id, err: (error as Error).message },
        'revocation failed',
      );
      return { revoked: false, error: (error as Error).message };
    }
  };

  return {
    /** The public callback: the state alone names the session (and so the workspace). */
    async completeCallback(query: CallbackQuery): Promise<CallbackResult> {
      const session = await deps.sessions.consume(query.state, null);
      const outcome = { returnTo: session.return_to, sessionId: session.id, display: displayOf(session) };
      if (query.error !== undefined) {
        return {
          ok: false,
          error: {
            code: cleanCode(query.error),
            message: cleanText(query.error_description) ?? 'The provider refused the authorization.',
          },
          ...outcome,
        };
      }
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) if (typeof value === 'string') params.set(name, value);
      try {
        const connection = await finishOAuth(session, params);
        return { ok: true, connection, ...outcome };
      } catch (error) {
        const known = error instanceof PlugboardError;
        if (!known) ctx.logger.error({ err: error, sessionId: session.id }, 'callback failed');
        return {
          ok: false,
          error: known
            ? { code: error.code, message: error.message }
            : { code: 'internal_error', message: 'The connection could not be completed.' },
          ...outcome,
        };
      }
    },

    async completeApiCallback(workspaceId: string, input: unknown): Promise<Connection> {
      const data = parseOrThrow(connectionCallbackInput, input, 'callback');
      ctx.provider(data.provider);
      const session = await deps.sessions.consume(data.state, {
        workspaceId,
        provider: data.provider,
        redirectUri: data.redirectUri,
      });
      const params = new URLSearchParams({ ...data.params, code: data.code, state: data.state });
      return finishOAuth(session, params);
    },

    /**
     * Completes a connect session with credentials typed into its connect page. Checks them (fields, then the
     * plugin's `verify` and `account`) before taking the session, so a rejected key leaves it usable for a retry.
     */
    async submitCredentials(sessionId: string, input: unknown): Promise<CallbackResult> {
      const session = await deps.sessions.live(sessionId);
      const provider = ctx.provider(session.provider);
      if (provider.auth.type === 'oauth2') {
        throw new ValidationError(`Provider "${provider.id}" connects through its consent page, not a form.`);
      }
      const fields = typeof input === 'object' && input !== null ? input : {};
      const credentials = await collectFields(provider, provider.auth, { ...fields, type: provider.auth.type });
      const account = await accountOfFields(provider, credentials);
      const taken = await deps.sessions.consumeById(session.id);
      const connection = await saveAccount({
        workspaceId: taken.workspace_id,
        provider,
        ownerId: taken.owner_id,
        shared: taken.shared === 1,
        account,
        credentials,
        scopes: [],
        oauthAppId: null,
      });
      return { ok: true, connection, returnTo: taken.return_to, sessionId: taken.id, display: displayOf(taken) };
    },

    async create(workspaceId: string, input: unknown): Promise<Connection> {
      const data = parseOrThrow(createConnectionInput, input, 'connection');
      const provider = ctx.provider(data.provider);
      const type = data.credentials.type;
      if (type !== provider.auth.type) {
        throw new ValidationError(`Provider "${provider.id}" takes ${provider.auth.type} credentials, not ${type}.`, [
          { path: 'credentials.type', message: `expected ${provider.auth.type}` },
        ]);
      }
      const collected =
        provider.auth.type === 'oauth2'
          ? await importOAuth2(workspaceId, provider, data.credentials)
          : {
              credentials: await collectFields(provider, provider.auth, data.credentials),
              scopes: [],
              oauthAppId: null,
            };
      const { credentials } = collected;
      const account = await accountOfFields(provider, credentials);
      return saveAccount({
        workspaceId,
        provider,
        ownerId: data.ownerId ?? null,
        shared: data.shared ?? false,
        account,
        ...collected,
      });
    },

    async list(workspaceId: string, input: ListConnectionsInput = {}) {
      const query = parseOrThrow(listConnectionsInput, input, 'connection query');
      let select = ctx.db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId);
      if (query.provider) select = select.where('provider', '=', query.provider);
      if (query.ownerId) select = select.where('owner_id', '=', query.ownerId);
      if (query.status) select = select.where('status', '=', query.status);
      if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor));
      const rows = await select
        .orderBy('id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map(toConnection),
        nextCursor: rows.length > query.limit && last ? Buffer.from(last.id).toString('base64url') : null,
      };
    },

    async get(workspaceId: string, id: string): Promise<Connection> {
      return toConnection(await findRow(workspaceId, id));
    },

    /** Credentials, refreshed first when the token expires soon (one refresh at a time, across processes). */
    async credentials(workspaceId: string, id: string): Promise<Credentials> {
      return deps.refresher.ensureFresh(await findRow(workspaceId, id));
    },

    /** Runs a plugin action on a connection; answers its output (parsed by the action's output schema). */
    runAction: createActionRunner(ctx, { refresher: deps.refresher, findRow }),

    /** Forces a refresh; answers the connection as it is afterwards. */
    async refresh(workspaceId: string, id: string): Promise<Connection> {
      const row = await findRow(workspaceId, id);
      if (row.credential_type !== 'oauth2') {
        throw new ValidationError(`Connection ${id} holds ${row.credential_type} credentials, which do not refresh.`);
      }
      await deps.refresher.ensureFresh(row, { force: true });
      return toConnection(await deps.refresher.read(id));
    },

    /** Revokes the grant at the provider first (when it can), then deletes the row and records the outcome. */
    async delete(workspaceId: string, id: string): Promise<void> {
      const row = await findRow(workspaceId, id);
      const revocation = await revoke(row, openCredentials(ctx.keys, row));
      ctx.connectionCache.forget(id);
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('connections').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
        await recordEvent(trx, workspaceId, 'connection.deleted', { connection: toConnection(row), revocation });
      });
    },
  };
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw new ValidationError('Invalid cursor.', [{ path: 'cursor', message: 'invalid' }]);
  return id;
}

// The provider's callback values are echoed to the app's returnTo: keep them short and plain.
function cleanCode(value: string): string {
  const code = value
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 64);
  return code === '' ? 'provider_error' : code;
}

function cleanText(value: string | undefined): string | undefined {
  return value?.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
