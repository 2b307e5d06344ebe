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
  ConnectSessionStatus,
  ConnectSessionView,
  Workspace,
} from '../model.js';
import { resolveServer } from '../oauth/authorization-server.js';
import { summarizeProvider } from '../provider-summary.js';
import type { Database } from '../store/schema.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';

const providerId = z.string().min(1).max(100);

/** Input of a new connect session: one `provider`, or `providers` to pick from, or neither (every one it can). */
export const createConnectSessionInput = z.object({
  provider: providerId.optional().describe('The provider to connect. Leave it out to let the user pick one.'),
  /** Providers the user picks one from on the connect page; without it and `provider`, every connectable one. */
  providers: z
    .array(providerId)
    .min(1)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, 'names a provider more than once')
    .optional()
    .describe(
      'Providers the user picks one from on the connect page (not with `provider`). Without either, the user picks from every provider the workspace can connect now.',
    ),
  ownerId: z.string().min(1).max(200).optional(),
  shared: z.boolean().optional(),
  scopes: z
    .array(z.string().min(1).max(200))
    .max(100)
    .optional()
    .describe("Only for a session that names one provider; by default the provider's (or the OAuth app's) scopes."),
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

/** A session whose provider is known: named at creation, or picked by the user on its connect page. */
export type BoundSessionRow = SessionRow & { provider: string; shared: number };

/** Input of picking a provider on a chooser's connect page. */
export const chooseProviderInput = z.object({ provider: providerId });

// The columns that tie a session to its provider: what a flow with it needs (state, PKCE, client, URL, scopes).
type Binding = Pick<
  SessionRow,
  'provider' | 'shared' | 'scopes' | 'state_hash' | 'code_verifier' | 'oauth_app_id' | 'authorization_url'
>;

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
    /** Every loaded provider's id, in the config's order. */
    providerIds(): string[];
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

  // An OAuth2 provider connects only with a client (the workspace's OAuth app, or the config's); null: it cannot.
  const clientFor = async (workspaceId: string, provider: Provider<unknown>) =>
    provider.auth.type === 'oauth2' ? deps.oauthApps.resolve(workspaceId, provider.id) : { appId: null };

  const noClient = (provider: Provider<unknown>, path?: string) =>
    new ValidationError(
      `No OAuth client is configured for provider "${provider.id}": set clientId in the hub config or PUT /v1/oauth-apps/${provider.id}.`,
      path ? [{ path, message: 'has no OAuth client in this workspace' }] : undefined,
    );

  // The providers a new session offers: the one named (404 when unknown, as ever), the list (400 for an unknown
  // or unusable one), or every provider the workspace can connect now.
  const offeredBy = async (workspaceId: string, data: z.output<typeof createConnectSessionInput>) => {
    if (data.provider !== undefined && data.providers !== undefined) {
      throw new ValidationError('Name either provider or providers, not both.', [
        { path: 'providers', message: 'not allowed with provider' },
      ]);
    }
    // Binding it checks its client.
    if (data.provider !== undefined) return [ctx.provider(data.provider)];
    const loaded = new Set(deps.providerIds());
    if (data.providers !== undefined) {
      const offered: Provider<unknown>[] = [];
      for (const [index, id] of data.providers.entries()) {
        const path = `providers[${index}]`;
        if (!loaded.has(id)) {
          throw new ValidationError(`providers[${index}]: no provider "${id}" is loaded in this hub.`, [
            { path, message: 'unknown provider' },
          ]);
        }
        const provider = ctx.provider(id);
        if (!(await clientFor(workspaceId, provider))) throw noClient(provider, path);
        offered.push(provider);
      }
      return offered;
    }
    const offered: Provider<unknown>[] = [];
    for (const id of loaded) {
      const provider = ctx.provider(id);
      if (await clientFor(workspaceId, provider)) offered.push(provider);
    }
    if (offered.length === 0) throw new ValidationError('This workspace cannot connect any provider yet.');
    return offered;
  };

  // Ties a session to a provider: a fresh state, and for OAuth2 its client, PKCE verifier and authorization URL.
  const bindingFor = async (
    session: { id: string; workspaceId: string; redirectUri: string },
    provider: Provider<unknown>,
    choice: { scopes: string[] | undefined; shared: boolean | undefined; workspace: Workspace },
  ): Promise<{ columns: Binding; authorizationUrl: string | null }> => {
    const state = randomSecret(32);
    const keyOf = { workspace_id: session.workspaceId, id: session.id };
    let scopes: string[] = choice.scopes ?? [];
    let codeVerifier: string | null = null;
    let authorizationUrl: string | null = null;
    let appId: string | null = null;
    if (provider.auth.type === 'oauth2') {
      const client = await deps.oauthApps.resolve(session.workspaceId, provider.id);
      if (!client) throw noClient(provider);
      appId = client.appId;
      scopes = choice.scopes ?? client.scopes ?? provider.auth.scopes.default;
      if ((provider.auth.pkce ?? 'S256') === 'S256') codeVerifier = oauth.generateRandomCodeVerifier();
      authorizationUrl = await buildAuthorizationUrl(ctx, provider, provider.auth, {
        clientId: client.clientId,
        redirectUri: session.redirectUri,
        scopes,
        state,
        codeVerifier,
      });
    }
    const columns: Binding = {
      provider: provider.id,
      shared: (choice.shared ?? choice.workspace.sharedProviders.includes(provider.id)) ? 1 : 0,
      scopes: JSON.stringify(scopes),
      state_hash: sha256(state),
      code_verifier: codeVerifier ? ctx.keys.encrypt(codeVerifier, sealed(keyOf, 'code_verifier')) : null,
      oauth_app_id: appId,
      authorization_url: authorizationUrl
        ? ctx.keys.encrypt(authorizationUrl, sealed(keyOf, 'authorization_url'))
        : null,
    };
    return { columns, authorizationUrl };
  };

  return {
    async create(workspaceId: string, input: unknown): Promise<ConnectSession> {
      const data = parseOrThrow(createConnectSessionInput, input, 'connect session');
      const workspace = await deps.workspace(workspaceId);
      const offered = await offeredBy(workspaceId, data);
      // Scopes are one provider's words: with a choice the app cannot know which provider's it would be.
      if (data.scopes !== undefined && data.provider === undefined && data.providers?.length !== 1) {
        throw new ValidationError('scopes are only allowed when the session names one provider.', [
          { path: 'scopes', message: 'only with one provider' },
        ]);
      }
      const returnTo = data.returnTo === undefined ? null : checkReturnTo(data.returnTo, workspace);
      const redirectUri = data.redirectUri ?? ctx.callbackUrl;
      if (redirectUri !== ctx.callbackUrl && !workspace.allowedRedirectUris.includes(redirectUri)) {
        throw new ValidationError('redirectUri is neither the hub callback nor in the workspace allow-list.', [
          { path: 'redirectUri', message: 'not allowed for this workspace' },
        ]);
      }
      const id = newId();
      const createdAt = nowIso();
      const expiresAt = new Date(Date.now() + ctx.sessionTtlMs).toISOString();
      // One provider offered is one bound now: there is nothing to pick.
      const [only] = offered.length === 1 ? offered : [];
      const { columns: binding, authorizationUrl } = only
        ? await bindingFor({ id, workspaceId, redirectUri }, only, {
            scopes: data.scopes,
            shared: data.shared,
            workspace,
          })
        : {
            columns: {
              provider: null,
              shared: data.shared === undefined ? null : Number(data.shared),
              scopes: '[]',
              // A state nobody ever sees, so no callback can take the session before a provider is picked.
              state_hash: sha256(randomSecret(32)),
              code_verifier: null,
              oauth_app_id: null,
              authorization_url: null,
            },
            authorizationUrl: null,
          };
      const providers = offered.map((provider) => provider.id);
      const row: SessionRow = {
        id,
        workspace_id: workspaceId,
        ...binding,
        owner_id: data.ownerId ?? null,
        return_to: returnTo,
        redirect_uri: redirectUri,
        display: null,
        tags: data.tags ? JSON.stringify(data.tags) : null,
        locale: data.locale ?? null,
        providers: JSON.stringify(providers),
        expires_at: expiresAt,
        consumed_at: null,
        created_at: createdAt,
      };
      await ctx.db.insertInto('connect_sessions').values(row).execute();
      return {
        id,
        provider: binding.provider,
        providers,
        authorizationUrl,
        connectUrl: `${ctx.publicUrl}/connect/${id}`,
        expiresAt,
        status: 'open',
      };
    },

    /** One of the workspace's sessions as the API shows it: the provider picked so far, and where it stands. */
    async get(workspaceId: string, sessionId: string): Promise<ConnectSession> {
      const row = await ctx.db
        .selectFrom('connect_sessions')
        .selectAll()
        .where('id', '=', sessionId)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!row) throw new NotFoundError('Connect session');
      const status: ConnectSessionStatus = row.consumed_at ? 'used' : row.expires_at <= nowIso() ? 'expired' : 'open';
      return {
        id: row.id,
        provider: row.provider,
        providers: offeredIds(row),
        // Only an open session has somewhere to send the user.
        authorizationUrl:
          status === 'open' && row.authorization_url
            ? ctx.keys.decrypt(row.authorization_url, sealed(row, 'authorization_url'))
            : null,
        connectUrl: `${ctx.publicUrl}/connect/${row.id}`,
        expiresAt: row.expires_at,
        status,
      };
    },

    /**
     * Binds the provider the user picked on a chooser's connect page, exactly once: of two picks, concurrent or
     * not, one wins and the other is refused (409, detail `provider: already chosen`), as is a provider the
     * session does not offer (400). The session then goes on as one made for that provider.
     */
    async choose(sessionId: string, input: unknown): Promise<void> {
      const data = parseOrThrow(chooseProviderInput, input, 'provider choice');
      const row = await liveSession(sessionId);
      if (row.provider !== null) throw alreadyChosen();
      if (!offeredIds(row).includes(data.provider) || !deps.providerIds().includes(data.provider)) {
        throw new ValidationError(`This connect session does not offer provider "${data.provider}".`, [
          { path: 'provider', message: 'not offered by this session' },
        ]);
      }
      const { columns } = await bindingFor(
        { id: row.id, workspaceId: row.workspace_id, redirectUri: row.redirect_uri },
        ctx.provider(data.provider),
        {
          scopes: undefined,
          shared: row.shared === null ? undefined : row.shared === 1,
          workspace: await deps.workspace(row.workspace_id),
        },
      );
      const now = nowIso();
      const bound = await ctx.db
        .updateTable('connect_sessions')
        .set(columns)
        .where('id', '=', row.id)
        .where('provider', 'is', null)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(bound.numUpdatedRows) === 1) return;
      // Used or expired meanwhile (liveSession says which), else another pick won.
      await liveSession(sessionId);
      throw alreadyChosen();
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
    ): Promise<BoundSessionRow & { codeVerifier: string | null }> {
      if (!state)
        throw new ValidationError('The callback has no state parameter.', [{ path: 'state', message: 'required' }]);
      const stateHash = sha256(state);
      const now = nowIso();
      let update = db
        .updateTable('connect_sessions')
        .set({ consumed_at: now })
        .where('state_hash', '=', stateHash)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .where('provider', 'is not', null);
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
      return { ...boundRow(taken), codeVerifier };
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
      const provider = row.provider === null ? null : ctx.provider(row.provider);
      // A provider the hub no longer loads cannot be picked: it is left out of the choice.
      const loaded = new Set(deps.providerIds());
      return {
        id: row.id,
        app: await deps.appearance(row.workspace_id),
        provider: provider && summarizeProvider(provider, ctx.publicUrl),
        providers: offeredIds(row)
          .filter((id) => loaded.has(id))
          .map((id) => summarizeProvider(ctx.provider(id), ctx.publicUrl)),
        scopes: readJson<string[]>(row.scopes),
        returnTo: row.return_to,
        returnOrigin: row.return_to ? new URL(row.return_to).origin : null,
        display: displayOf(row),
        locale: row.locale,
        expiresAt: row.expires_at,
        authorizationUrl:
          row.authorization_url && ctx.keys.decrypt(row.authorization_url, sealed(row, 'authorization_url')),
        fields: !provider || provider.auth.type === 'oauth2' ? null : credentialFieldsJsonSchema(provider.auth),
      };
    },

    /** A live session, for completing it with typed-in credentials; throws as `open` does. */
    live: (sessionId: string) => liveSession(sessionId),

    /**
     * Takes a live session with a provider by id, atomically (typed-in credentials); of two concurrent submits,
     * one wins.
     */
    async consumeById(sessionId: string): Promise<BoundSessionRow> {
      const now = nowIso();
      const taken = await ctx.db
        .updateTable('connect_sessions')
        .set({ consumed_at: now })
        .where('id', '=', sessionId)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .where('provider', 'is not', null)
        .returningAll()
        .executeTakeFirst();
      if (!taken) {
        const row = await ctx.db
          .selectFrom('connect_sessions')
          .selectAll()
          .where('id', '=', sessionId)
          .executeTakeFirst();
        if (!row) throw new NotFoundError('Connect session');
        throw row.provider === null ? notChosen() : sessionGone(row);
      }
      return boundRow(taken);
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

// A second pick on a chooser's page: the detail lets the page word it for the user.
function alreadyChosen(): PlugboardError {
  return new PlugboardError('conflict', 'A provider was already chosen for this connect session.', {
    details: [{ path: 'provider', message: 'already chosen' }],
  });
}

function notChosen(): ValidationError {
  return new ValidationError('Choose a provider for this connect session first.', [
    { path: 'provider', message: 'not chosen yet' },
  ]);
}

/** The session's provider, or a validation error while the user has yet to pick one on its connect page. */
export function boundRow(row: SessionRow): BoundSessionRow {
  if (row.provider === null || row.shared === null) throw notChosen();
  return { ...row, provider: row.provider, shared: row.shared };
}

// The providers a session offers; a session made before there was a choice offers its one provider.
function offeredIds(row: Pick<SessionRow, 'provider' | 'providers'>): string[] {
  if (row.providers) return readJson<string[]>(row.providers);
  return row.provider === null ? [] : [row.provider];
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
export function sessionForEvent(row: BoundSessionRow) {
  return {
    id: row.id,
    provider: row.provider,
    providers: offeredIds(row),
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
export function outcomeOf(row: BoundSessionRow): Omit<CallbackResult, 'ok' | 'connection' | 'error'> {
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
