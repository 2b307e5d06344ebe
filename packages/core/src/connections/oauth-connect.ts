import type { EngineContext } from '../context.js';
import type { Credentials, OAuth2Auth, Provider, TokenSet } from '../contract/types.js';
import {
  claimError,
  isPlugboardError,
  PlugboardError,
  ProviderError,
  parseOrThrow,
  ValidationError,
} from '../errors.js';
import type { Connection } from '../model.js';
import { exchangeCode, refreshGrant, type TokenRequestParts } from '../oauth/code-exchange.js';
import { type BoundSessionRow, sessionTags } from '../sessions/connect-sessions.js';
import type { createOAuthAppService } from '../tenancy/oauth-apps.js';
import { lookUpAccount } from './account.js';
import { importedOAuth2 } from './inputs.js';
import { createProviderFetch } from './provider-fetch.js';
import { runHook } from './refresh.js';
import { saveAccount } from './save.js';
import { tokenRequestParts } from './token-parts.js';

type OAuthApps = ReturnType<typeof createOAuthAppService>;

/** Finishes an OAuth2 connect: exchanges the code, runs `afterExchange`, names the account, stores the connection. */
export async function finishOAuth(
  ctx: EngineContext,
  oauthApps: OAuthApps,
  session: BoundSessionRow & { codeVerifier: string | null },
  params: URLSearchParams,
): Promise<Connection> {
  const provider = ctx.provider(session.provider);
  if (provider.auth.type !== 'oauth2') throw new ValidationError(`Provider "${provider.id}" does not use OAuth2.`);
  const callbackParams = provider.auth.callbackParams
    ? parseOrThrow(provider.auth.callbackParams, Object.fromEntries(params), 'provider callback parameters')
    : undefined;
  const parts = await tokenRequestParts(ctx, oauthApps, provider, session.workspace_id, session.oauth_app_id, {
    callbackParams,
    metadata: {},
  });
  const exchanged = await exchangeCode(parts, {
    callbackParams: params,
    redirectUri: session.redirect_uri,
    codeVerifier: session.codeVerifier,
  }).catch((error: unknown) => {
    throw refusedCode(error);
  });
  const afterExchange = provider.auth.afterExchange;
  const tokens = afterExchange
    ? await afterExchange({
        tokens: exchanged.tokens,
        client: parts.client,
        fetch: createProviderFetch(provider, { type: 'oauth2', ...exchanged.tokens }, {}, ctx.fetch),
      }).catch((error: unknown) => {
        if (isPlugboardError(error)) throw claimError(error, provider.id);
        throw new ProviderError(
          'provider_error',
          provider.id,
          `The provider's afterExchange failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      })
    : exchanged.tokens;
  const credentials: Credentials = { type: 'oauth2', ...tokens };
  const account = await lookUpAccount(ctx, provider, credentials, {
    tokenResponse: exchanged.body,
    ...(exchanged.idTokenClaims ? { idTokenClaims: exchanged.idTokenClaims } : {}),
    ...(callbackParams ? { callbackParams } : {}),
    ...(parts.server.userinfo_endpoint ? { userinfoUrl: parts.server.userinfo_endpoint } : {}),
  });
  return saveAccount(ctx, {
    workspaceId: session.workspace_id,
    provider,
    ownerId: session.owner_id,
    shared: session.shared === 1,
    account,
    credentials,
    scopes: tokens.scopes ?? exchanged.tokens.scopes ?? (JSON.parse(session.scopes) as string[]),
    oauthAppId: session.oauth_app_id,
    tags: sessionTags(session),
  });
}

/**
 * Takes OAuth2 tokens from elsewhere; an expired (or missing) access token is refreshed first, the way the provider
 * refreshes. Names the account
 * as a connect does, with the provider's userinfo endpoint (declared or discovered) and the caller's `params` (as
 * the provider's `callbackParams` check them) in reach of its hook. Tokens the provider refuses are the caller's
 * bad input (400), not a connection to reauthorize.
 */
export async function importOAuth2(
  ctx: EngineContext,
  oauthApps: OAuthApps,
  workspaceId: string,
  provider: Provider<unknown>,
  input: { credentials: unknown; params?: Record<string, string> | undefined },
) {
  const auth = provider.auth as OAuth2Auth;
  if (auth.importUnsupported !== undefined) {
    throw new ValidationError(`Provider "${provider.id}" cannot import tokens: ${auth.importUnsupported}`, [
      { path: 'credentials', message: 'this provider cannot import tokens' },
    ]);
  }
  const imported = parseOrThrow(importedOAuth2, input.credentials, 'oauth2 credentials', 'credentials');
  const callbackParams = importParams(provider, auth, input.params);
  const parts = await tokenRequestParts(ctx, oauthApps, provider, workspaceId, undefined, {
    callbackParams,
    metadata: {},
  });
  let tokens: TokenSet = { ...imported, accessToken: imported.accessToken ?? '' };
  const expired = imported.expiresAt !== undefined && Date.parse(imported.expiresAt) <= Date.now();
  if (imported.refreshToken && (!imported.accessToken || expired)) {
    const presented = { ...tokens, refreshToken: imported.refreshToken };
    const refreshed = await refreshImported(ctx, provider, auth, parts, presented).catch((error: unknown) => {
      throw refusedImport(error, 'credentials.refreshToken');
    });
    tokens = { ...refreshed, refreshToken: refreshed.refreshToken ?? imported.refreshToken };
  }
  const credentials: Credentials = { type: 'oauth2', ...tokens };
  const account = await lookUpAccount(ctx, provider, credentials, {
    ...(callbackParams ? { callbackParams } : {}),
    ...(parts.server.userinfo_endpoint ? { userinfoUrl: parts.server.userinfo_endpoint } : {}),
  }).catch((error: unknown) => {
    throw refusedImport(error, 'credentials.accessToken');
  });
  return { credentials, account, scopes: tokens.scopes ?? imported.scopes ?? [], oauthAppId: parts.client.appId };
}

// Refreshes imported tokens the way the provider refreshes a connection's: its own hook, the standard grant, or
// not at all (a provider that cannot refresh needs a live access token).
async function refreshImported(
  ctx: EngineContext,
  provider: Provider<unknown>,
  auth: OAuth2Auth,
  parts: TokenRequestParts,
  tokens: TokenSet & { refreshToken: string },
): Promise<TokenSet> {
  if (auth.refresh === 'none') {
    throw new ValidationError(`Provider "${provider.id}" cannot refresh tokens: import a live access token.`, [
      { path: 'credentials.accessToken', message: 'expired or missing, and this provider cannot refresh' },
    ]);
  }
  const standard = async () => (await refreshGrant(parts, tokens.refreshToken)).tokens;
  const hook = auth.refresh;
  if (!hook) return standard();
  const credentials = { type: 'oauth2' as const, ...tokens };
  return runHook(provider.id, () =>
    hook({
      credentials,
      metadata: {},
      client: parts.client,
      standard,
      fetch: createProviderFetch(provider, credentials, {}, ctx.fetch, [], { sign: false }),
    }),
  );
}

// The params of an import, checked as the provider checks its callback's; none for a provider that takes none.
function importParams(provider: Provider<unknown>, auth: OAuth2Auth, params: Record<string, string> | undefined) {
  if (auth.callbackParams) return parseOrThrow(auth.callbackParams, params ?? {}, 'import parameters', 'params');
  if (params !== undefined && Object.keys(params).length > 0) {
    throw new ValidationError(`Provider "${provider.id}" takes no params.`, [
      { path: 'params', message: 'this provider takes no parameters' },
    ]);
  }
  return undefined;
}

// The provider refused an imported token (a lost grant, by its own classification): the caller's bad input.
function refusedImport(error: unknown, path: string): unknown {
  if (!isPlugboardError(error) || error.code !== 'reauth_required') return error;
  return new ValidationError(`The provider refused the imported token: ${error.message}`, [
    { path, message: 'refused by the provider' },
  ]);
}

// A refused grant at the code exchange (invalid_grant: a wrong, expired or used code) is the caller's bad input,
// not a connection that needs the user again.
function refusedCode(error: unknown): unknown {
  if (!isPlugboardError(error) || error.code !== 'reauth_required') return error;
  return new PlugboardError('invalid_code', error.message, { cause: error });
}

/** The provider's callback error code, echoed to the app's returnTo: short and plain. */
export function cleanCode(value: string): string {
  const code = value
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 64);
  return code === '' ? 'provider_error' : code;
}

/** The provider's callback error text, echoed to the app's returnTo: no control characters, bounded. */
export function cleanText(value: string | undefined): string | undefined {
  return value?.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300);
}
