import type { EngineContext } from '../context.js';
import type { Credentials } from '../contract/types.js';
import { isPlugboardError, parseOrThrow, ValidationError } from '../errors.js';
import { recordEvent } from '../events/outbox.js';
import type { CallbackQuery, ListConnectionsInput } from '../hub-types.js';
import type { ApiCallbackResult, CallbackResult, Connection, Workspace } from '../model.js';
import {
  boundRow,
  type createConnectSessionService,
  outcomeOf,
  type SessionBinding,
  sessionForEvent,
  sessionTags,
} from '../sessions/connect-sessions.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';
import { createActionRunner } from './actions.js';
import { currentConnection } from './current.js';
import { connectionCallbackInput, createConnectionInput } from './inputs.js';
import { listConnections } from './listing.js';
import { cleanCode, cleanText, finishOAuth, importOAuth2 } from './oauth-connect.js';
import type { createRefresher } from './refresh.js';
import { removeConnection } from './removal.js';
import { findConnectionRow, toConnection, withoutRedacted } from './rows.js';
import { saveAccount } from './save.js';
import { accountOfFields, collectFields, typedInAccount } from './typed-credentials.js';

/** Connections: completing callbacks, programmatic creation, listing, credentials and deletion, all workspace-scoped. */
export function createConnectionService(
  ctx: EngineContext,
  deps: {
    sessions: ReturnType<typeof createConnectSessionService>;
    oauthApps: ReturnType<typeof createOAuthAppService>;
    refresher: ReturnType<typeof createRefresher>;
    workspace: (id: string) => Promise<Workspace>;
  },
) {
  const findRow = (workspaceId: string, id: string) => findConnectionRow(ctx, workspaceId, id);

  // The provider answered the callback with an error (the user denied access, or it failed): the session ends,
  // and the event saying why commits with it.
  const endRefused = (state: string | undefined, bound: SessionBinding | null, error: string, description?: string) =>
    ctx.db.transaction().execute(async (trx) => {
      const session = await deps.sessions.consume(state, bound, trx);
      const refusal = {
        code: cleanCode(error),
        message: cleanText(description) ?? 'The provider refused the authorization.',
      };
      await recordEvent(trx, session.workspace_id, 'connect_session.failed', {
        session: sessionForEvent(session),
        error: refusal,
      });
      return { session, refusal };
    });

  return {
    /** The public callback: the state alone names the session (and so the workspace). */
    async completeCallback(query: CallbackQuery): Promise<CallbackResult> {
      if (query.error !== undefined) {
        const { session, refusal } = await endRefused(query.state, null, query.error, query.error_description);
        return { ok: false, error: refusal, ...outcomeOf(session) };
      }
      const session = await deps.sessions.consume(query.state, null);
      const outcome = outcomeOf(session);
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) if (typeof value === 'string') params.set(name, value);
      try {
        const connection = await finishOAuth(ctx, deps.oauthApps, session, params);
        return { ok: true, connection, ...outcome };
      } catch (error) {
        const known = isPlugboardError(error);
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

    async completeApiCallback(workspaceId: string, input: unknown): Promise<ApiCallbackResult> {
      const data = parseOrThrow(connectionCallbackInput, input, 'callback');
      ctx.provider(data.provider);
      const bound = { workspaceId, provider: data.provider, redirectUri: data.redirectUri };
      if (data.error !== undefined) {
        const { session, refusal } = await endRefused(data.state, bound, data.error, data.errorDescription);
        return { connection: null, error: refusal, returnTo: session.return_to };
      }
      const session = await deps.sessions.consume(data.state, bound);
      const params = new URLSearchParams({ ...data.params, code: data.code ?? '', state: data.state });
      const connection = await finishOAuth(ctx, deps.oauthApps, session, params);
      return { connection, error: null, returnTo: session.return_to };
    },

    /**
     * Completes a connect session with credentials typed into its connect page. Checks them (fields, then the
     * plugin's `verify` and `account`) before taking the session, so a rejected key leaves it usable for a retry.
     */
    async submitCredentials(sessionId: string, input: unknown): Promise<CallbackResult> {
      const session = boundRow(await deps.sessions.live(sessionId));
      const provider = ctx.provider(session.provider);
      if (provider.auth.type === 'oauth2') {
        throw new ValidationError(`Provider "${provider.id}" connects through its consent page, not a form.`);
      }
      const fields = typeof input === 'object' && input !== null ? input : {};
      const collected = await collectFields(ctx, provider, provider.auth, { ...fields, type: provider.auth.type });
      const account = await accountOfFields(ctx, provider, collected);
      const taken = await deps.sessions.consumeById(session.id);
      const connection = await saveAccount(ctx, {
        workspaceId: taken.workspace_id,
        provider,
        ownerId: taken.owner_id,
        shared: taken.shared === 1,
        account,
        credentials: collected.credentials,
        scopes: [],
        oauthAppId: null,
        tags: sessionTags(taken),
      });
      return { ok: true, connection, ...outcomeOf(taken) };
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
      checkRedactFields(data.redactFields, data.credentials);
      if (data.params !== undefined && provider.auth.type !== 'oauth2') {
        throw new ValidationError('Only imported OAuth2 tokens take params.', [
          { path: 'params', message: 'only for oauth2 credentials' },
        ]);
      }
      const collected =
        provider.auth.type === 'oauth2'
          ? await importOAuth2(ctx, deps.oauthApps, workspaceId, provider, data)
          : await typedInAccount(ctx, provider, provider.auth, data.credentials);
      const shared = data.shared ?? (await deps.workspace(workspaceId)).sharedProviders.includes(provider.id);
      return saveAccount(ctx, {
        workspaceId,
        provider,
        ownerId: data.ownerId ?? null,
        shared,
        tags: data.tags,
        name: data.name,
        expiresAt: data.expiresAt,
        redactFields: data.redactFields,
        ...collected,
      });
    },

    list: (workspaceId: string, input: ListConnectionsInput = {}) => listConnections(ctx, workspaceId, input),

    /** The owner's active connection for a provider, else the workspace's shared one (404 when neither). */
    current: (workspaceId: string, input: unknown) => currentConnection(ctx, workspaceId, input),

    async get(workspaceId: string, id: string): Promise<Connection> {
      return toConnection(await findRow(workspaceId, id), ctx);
    },

    /**
     * Credentials, refreshed first when the token expires soon (one refresh at a time, across processes); raw
     * fields the connection redacts are left out.
     */
    async credentials(workspaceId: string, id: string): Promise<Credentials> {
      const row = await findRow(workspaceId, id);
      return withoutRedacted(await deps.refresher.ensureFresh(row), row);
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
      return toConnection(await deps.refresher.read(id), ctx);
    },

    /** Revokes the grant at the provider first (when it can), then deletes the row and records the outcome. */
    async delete(workspaceId: string, id: string): Promise<void> {
      await removeConnection(ctx, deps.oauthApps, await findRow(workspaceId, id), 'connection.deleted');
    },
  };
}

// Only a raw credential has fields of its own to redact, and each one named must be one of them.
function checkRedactFields(fields: string[] | undefined, credentials: { type: string }): void {
  if (!fields) return;
  if (credentials.type !== 'raw') {
    throw new ValidationError(`Only raw credentials have fields to redact, not ${credentials.type}.`, [
      { path: 'redactFields', message: 'only for raw credentials' },
    ]);
  }
  fields.forEach((field, index) => {
    if (field === 'type' || !Object.hasOwn(credentials, field)) {
      throw new ValidationError(`redactFields names "${field}", which the credentials do not have.`, [
        { path: `redactFields[${index}]`, message: 'not a field of the credentials' },
      ]);
    }
  });
}
