import type { Kysely, Transaction } from 'kysely';
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { credentialFieldsJsonSchema } from '../connections/fields.js';
import { type Tags, tagsSchema } from '../connections/tags.js';
import { type EngineContext, newId, nowIso, readJson } from '../context.js';
import type { OAuth2Auth, Provider } from '../contract/types.js';
import { randomSecret, sha256 } from '../crypto/secrets.js';
import { NotFoundError, PlugboardError, parseOrThrow, ValidationError } from '../errors.js';
import type {
  AppAppearance,
  CallbackResult,
  ConnectDisplay,
  ConnectSession,
  ConnectSessionView,
  Workspace,
} from '../model.js';
import { resolveServer } from '../oauth/authorization-server.js';
import { summarizeProvider } from '../provider-summary.js';
import type { Database } from '../store/schema.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';

/** Input of a new connect session. */
export const createConnectSessionInput = z.object({
  provider: z.string().min(1).max(100),
  ownerId: z.string().min(1).max(200).optional(),
  shared: z.boolean().optional(),
  scopes: z.array(z.string().min(1).max(200)).max(100).optional(),
  returnTo: z.string().max(2000).optional(),
  redirectUri: z.string().max(2000).optional(),
  /** End-user tags, copied to the connection this session makes. */
  tags: tagsSchema.optional(),
  /**
   * The end user's language for the pages (a BCP 47 tag such as `de` or `pt-BR`), over the browser's
   * `Accept-Language`; a language the pages do not speak falls back to the browser's.
   */
  locale: z
    .string()
    .max(35)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'a language tag such as de or pt-BR')
    .optional(),
});

/** A session row as stored. */
export type SessionRow = Database['connect_sessions'];

/** What a state is bound to when an app completes the callback through the API. */
export interface SessionBinding {
  workspaceId: string;
  provider: string;
  redirectUri: string;
}

/**
 * Connect sessions: one started flow, its state hashed, its PKCE verifier and authorization URL (which carries
 * the state) encrypted, usable once.
 */
export function createConnectSessionService(
  ctx: EngineContext,
  deps: {
    workspace(id: string): Promise<Workspace>;
    oauthApps: ReturnType<typeof createOAuthAppService>;
    appearance(workspaceId: string): Promise<AppAppearance>;
  },
) {
  const sealed = (row: { workspace_id: string; id: string }, column: 'code_verifier' | 'authorization_url') => ({
    workspaceId: row.workspace_id,
    rowId: row.id,
    field: `connect_sessions.${column}`,
  });

  const liveSession = async (sessionId: string): Promise<SessionRow> => {
    const row = await ctx.db.selectFrom('connect_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
    if (!row) throw new NotFoundError('Connect session');
    if (row.consumed_at || row.expires_at <= nowIso()) throw sessionGone(row);
    return row;
  };

  return {
    async create(workspaceId: string, input: unknown): Promise<ConnectSession> {
      const data = parseOrThrow(createConnectSessionInput, input, 'connect session');
      const workspace = await deps.workspace(workspaceId);
      const provider = ctx.provider(data.provider);
      const returnTo = data.returnTo === undefined ? null : checkReturnTo(data.returnTo, workspace);
      const redirectUri = data.redirectUri ?? ctx.callbackUrl;
      if (redirectUri !== ctx.callbackUrl && !workspace.allowedRedirectUris.includes(redirectUri)) {
        throw new ValidationError('redirectUri is neither the hub callback nor in the workspace allow-list.', [
          { path: 'redirectUri', message: 'not allowed for this workspace' },
        ]);
      }
      const id = newId();
      const state = randomSecret(32);
      const createdAt = nowIso();
      const expiresAt = new Date(Date.now() + ctx.sessionTtlMs).toISOString();
      let scopes: string[] = data.scopes ?? [];
      let codeVerifier: string | null = null;
      let authorizationUrl: string | null = null;
      let appId: string | null = null;
      if (provider.auth.type === 'oauth2') {
        const client = await deps.oauthApps.resolve(workspaceId, provider.id);
        if (!client) {
          throw new ValidationError(
            `No OAuth client is configured for provider "${provider.id}": set clientId in the hub config or PUT /v1/oauth-apps/${provider.id}.`,
          );
        }
        appId = client.appId;
        scopes = data.scopes ?? client.scopes ?? provider.auth.scopes.default;
        if ((provider.auth.pkce ?? 'S256') === 'S256') codeVerifier = oauth.generateRandomCodeVerifier();
        authorizationUrl = await buildAuthorizationUrl(ctx, provider, provider.auth, {
          clientId: client.clientId,
          redirectUri,
          scopes,
          state,
          codeVerifier,
        });
      }
      const row: SessionRow = {
        id,
        workspace_id: workspaceId,
        provider: provider.id,
        owner_id: data.ownerId ?? null,
        shared: (data.shared ?? workspace.sharedProviders.includes(provider.id)) ? 1 : 0,
        scopes: JSON.stringify(scopes),
        return_to: returnTo,
        redirect_uri: redirectUri,
        state_hash: sha256(state),
        code_verifier: codeVerifier
          ? ctx.keys.encrypt(codeVerifier, sealed({ workspace_id: workspaceId, id }, 'code_verifier'))
          : null,
        oauth_app_id: appId,
        authorization_url: authorizationUrl
          ? ctx.keys.encrypt(authorizationUrl, sealed({ workspace_id: workspaceId, id }, 'authorization_url'))
          : null,
        display: null,
        tags: data.tags ? JSON.stringify(data.tags) : null,
        locale: data.locale ?? null,
        expires_at: expiresAt,
        consumed_at: null,
        created_at: createdAt,
      };
      await ctx.db.insertInto('connect_sessions').values(row).execute();
      return {
        id,
        provider: provider.id,
        authorizationUrl,
        connectUrl: `${ctx.publicUrl}/connect/${id}`,
        expiresAt,
      };
    },

    /**
     * Takes the session a state belongs to, atomically: of two concurrent callbacks with one state, one wins.
     * Unknown, expired and already used states are refused; none of them reveals a return URL. A state bound to
     * a workspace (the API callback) is refused as `invalid_state`; the public callback's pages tell the reasons apart.
     * Pass a transaction to write what the callback records in the same commit.
     */
    async consume(
      state: string | undefined,
      bound: SessionBinding | null,
      db: Kysely<Database> | Transaction<Database> = ctx.db,
    ): Promise<SessionRow & { codeVerifier: string | null }> {
      if (!state)
        throw new ValidationError('The callback has no state parameter.', [{ path: 'state', message: 'required' }]);
      const stateHash = sha256(state);
      const now = nowIso();
      let update = db
        .updateTable('connect_sessions')
        .set({ consumed_at: now })
        .where('state_hash', '=', stateHash)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now);
      // A state is bound to its workspace, provider and redirect URI: a mismatch neither matches nor burns it.
      if (bound) {
        update = update
          .where('workspace_id', '=', bound.workspaceId)
          .where('provider', '=', bound.provider)
          .where('redirect_uri', '=', bound.redirectUri);
      }
      const taken = await update.returningAll().executeTakeFirst();
      if (!taken) {
        const row = await db
          .selectFrom('connect_sessions')
          .selectAll()
          .where('state_hash', '=', stateHash)
          .executeTakeFirst();
        if (!row || (bound && row.workspace_id !== bound.workspaceId)) {
          if (bound) throw invalidState('unknown');
          throw new NotFoundError('Connect session for this state');
        }
        if (bound && row.provider !== bound.provider) {
          throw new ValidationError(`This state was issued for provider "${row.provider}".`, [
            { path: 'provider', message: 'does not match the session' },
          ]);
        }
        if (bound && row.redirect_uri !== bound.redirectUri) {
          throw new ValidationError('redirectUri does not match the one the session was started with.', [
            { path: 'redirectUri', message: 'does not match the session' },
          ]);
        }
        throw bound ? invalidState(row.consumed_at ? 'used' : 'expired') : sessionGone(row);
      }
      const codeVerifier = taken.code_verifier
        ? ctx.keys.decrypt(taken.code_verifier, sealed(taken, 'code_verifier'))
        : null;
      return { ...taken, codeVerifier };
    },

    /**
     * A live, unused session as its connect page shows it; records how the page was opened (`popup` makes
     * the flow's last page post its outcome to the opener). The session id is the capability.
     */
    async open(sessionId: string, options: { display?: ConnectDisplay } = {}): Promise<ConnectSessionView> {
      const row = await liveSession(sessionId);
      if (options.display && options.display !== (row.display ?? 'page')) {
        await ctx.db
          .updateTable('connect_sessions')
          .set({ display: options.display })
          .where('id', '=', row.id)
          .execute();
        row.display = options.display;
      }
      const provider = ctx.provider(row.provider);
      return {
        id: row.id,
        app: await deps.appearance(row.workspace_id),
        provider: summarizeProvider(provider, ctx.publicUrl),
        scopes: readJson<string[]>(row.scopes),
        returnTo: row.return_to,
        returnOrigin: row.return_to ? new URL(row.return_to).origin : null,
        display: displayOf(row),
        locale: row.locale,
        expiresAt: row.expires_at,
        authorizationUrl:
          row.authorization_url && ctx.keys.decrypt(row.authorization_url, sealed(row, 'authorization_url')),
        fields: provider.auth.type === 'oauth2' ? null : credentialFieldsJsonSchema(provider.auth),
      };
    },

    /** A live session, for completing it with typed-in credentials; throws as `open` does. */
    live: (sessionId: string) => liveSession(sessionId),

    /** Takes a live session by id, atomically (typed-in credentials); of two concurrent submits, one wins. */
    async consumeById(sessionId: string): Promise<SessionRow> {
      const now = nowIso();
      const taken = await ctx.db
        .updateTable('connect_sessions')
        .set({ consumed_at: now })
        .where('id', '=', sessionId)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      if (!taken) {
        const row = await ctx.db
          .selectFrom('connect_sessions')
          .selectAll()
          .where('id', '=', sessionId)
          .executeTakeFirst();
        throw row ? sessionGone(row) : new NotFoundError('Connect session');
      }
      return taken;
    },
  };
}

/** Why a known session can no longer be used, as the `session` detail of its 409: pages word each one for the user. */
export type SessionGoneReason = 'used' | 'expired';

// A used or expired session: 409, with the reason as a detail so a page can tell the user which it was.
function sessionGone(row: Pick<SessionRow, 'consumed_at'>): PlugboardError {
  const reason: SessionGoneReason = row.consumed_at ? 'used' : 'expired';
  return new PlugboardError(
    'conflict',
    reason === 'used'
      ? 'This connect session was already used; start a new one.'
      : 'This connect session has expired; start a new one.',
    { details: [{ path: 'session', message: reason }] },
  );
}

// The API callback's one answer for a state that names no live session of the caller's workspace; the detail says why.
function invalidState(reason: 'unknown' | SessionGoneReason): PlugboardError {
  const message = {
    unknown: 'No connect session of this workspace has this state.',
    used: 'This state was already used; start a new connect session.',
    expired: 'This state has expired; start a new connect session.',
  }[reason];
  return new PlugboardError('invalid_state', message, { details: [{ path: 'state', message: reason }] });
}

/** A session as lifecycle events show it. */
export function sessionForEvent(row: SessionRow) {
  return {
    id: row.id,
    provider: row.provider,
    ownerId: row.owner_id,
    shared: row.shared === 1,
    tags: readJson<Tags | null>(row.tags ?? 'null') ?? {},
  };
}

/** The tags a session gives the connection it makes (none: the connection keeps its own). */
export function sessionTags(row: SessionRow): Tags | undefined {
  return row.tags ? readJson<Tags>(row.tags) : undefined;
}

/** What every end of a session's flow reports beside its result: where to return, how, and for which app. */
export function outcomeOf(row: SessionRow): Omit<CallbackResult, 'ok' | 'connection' | 'error'> {
  return {
    returnTo: row.return_to,
    sessionId: row.id,
    display: displayOf(row),
    locale: row.locale,
    workspaceId: row.workspace_id,
    provider: row.provider,
  };
}

/** How a session's pages are shown. */
export function displayOf(row: Pick<SessionRow, 'display'>): ConnectDisplay {
  return row.display === 'popup' ? 'popup' : 'page';
}

// returnTo is checked once, here, against the workspace's exact origins; the callback never reads one from its query.
function checkReturnTo(returnTo: string, workspace: Workspace): string {
  const invalid = (message: string) => new ValidationError(`returnTo ${message}.`, [{ path: 'returnTo', message }]);
  if (/[\u0000-\u001f\u007f\\]/.test(returnTo)) throw invalid('contains control characters or backslashes');
  let url: URL;
  try {
    url = new URL(returnTo);
  } catch {
    throw invalid('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('must be an http(s) URL');
  if (url.username || url.password) throw invalid('must not carry credentials');
  if (!workspace.allowedReturnOrigins.includes(url.origin)) {
    throw invalid(`origin ${url.origin} is not in the workspace's allowedReturnOrigins`);
  }
  return url.href;
}

async function buildAuthorizationUrl(
  ctx: EngineContext,
  provider: Provider<unknown>,
  auth: OAuth2Auth,
  input: { clientId: string; redirectUri: string; scopes: string[]; state: string; codeVerifier: string | null },
): Promise<string> {
  const server = await resolveServer(provider, auth, ctx.fetch);
  const url = new URL(server.authorization_endpoint);
  for (const [name, value] of Object.entries(auth.authorizationParams ?? {})) url.searchParams.set(name, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  if (input.scopes.length > 0) url.searchParams.set('scope', input.scopes.join(auth.scopes.separator ?? ' '));
  url.searchParams.set('state', input.state);
  if (input.codeVerifier) {
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(input.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.href;
}
