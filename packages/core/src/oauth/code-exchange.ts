import * as oauth from 'oauth4webapi';
import type { OAuth2Auth, Provider, TokenSet } from '../contract/types.js';
import { claimError, isPlugboardError, ProviderError } from '../errors.js';
import { standardTokenSet } from './token-set.js';
import { clientAuthentication, requestOptions, type TokenRequestParts } from './transport.js';

export type { TokenRequestParts };

/** What a successful exchange gives the engine: the tokens, the raw body and the ID token's claims if any. */
export interface ExchangeResult {
  tokens: TokenSet;
  body: Record<string, unknown>;
  idTokenClaims: Record<string, unknown> | undefined;
}

/** Exchanges an authorization code (with the session's PKCE verifier and redirect URI) for tokens. */
export async function exchangeCode(
  parts: TokenRequestParts,
  input: { callbackParams: URLSearchParams; redirectUri: string; codeVerifier: string | null },
): Promise<ExchangeResult> {
  const { provider, auth, server, client } = parts;
  const as = server;
  const oauthClient: oauth.Client = { client_id: client.clientId };
  const options = requestOptions(parts, server.token_endpoint);
  return guard(provider.id, auth, 'exchange the authorization code', async () => {
    const params = oauth.validateAuthResponse(as, oauthClient, input.callbackParams, oauth.skipStateCheck);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      oauthClient,
      clientAuthentication(auth, client.clientSecret),
      params,
      input.redirectUri,
      input.codeVerifier ?? oauth.nopkce,
      options,
    );
    if (auth.parseTokenResponse) return customResult(auth, response);
    const result = await oauth.processAuthorizationCodeResponse(as, oauthClient, response);
    return standardResult(provider, auth, result);
  });
}

/** Runs the refresh grant; the caller keeps the old refresh token when the response omits one. */
export async function refreshGrant(parts: TokenRequestParts, refreshToken: string): Promise<ExchangeResult> {
  const { provider, auth, server, client } = parts;
  const oauthClient: oauth.Client = { client_id: client.clientId };
  return guard(provider.id, auth, 'refresh the token', async () => {
    const response = await oauth.refreshTokenGrantRequest(
      server,
      oauthClient,
      clientAuthentication(auth, client.clientSecret),
      refreshToken,
      requestOptions(parts, server.token_endpoint),
    );
    if (auth.parseTokenResponse) return customResult(auth, response);
    const result = await oauth.processRefreshTokenResponse(server, oauthClient, response);
    return standardResult(provider, auth, result);
  });
}

function standardResult(
  provider: Provider<unknown>,
  auth: OAuth2Auth,
  result: oauth.TokenEndpointResponse,
): ExchangeResult {
  const body = { ...result } as Record<string, unknown>;
  const standard = standardTokenSet(body, auth);
  if (!standard) throw new ProviderError('provider_error', provider.id, 'The token response has no access_token.');
  const tokens = auth.mapTokenResponse ? auth.mapTokenResponse({ body, tokens: standard }) : standard;
  const claims = result.id_token ? oauth.getValidatedIdTokenClaims(result) : undefined;
  return { tokens, body, idTokenClaims: claims ? { ...claims } : undefined };
}

async function customResult(auth: OAuth2Auth, response: Response): Promise<ExchangeResult> {
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = Object.fromEntries(new URLSearchParams(text));
  }
  const tokens = auth.parseTokenResponse!({ body, status: response.status, standard: standardTokenSet(body, auth) });
  return { tokens, body, idTokenClaims: undefined };
}

// Turns the library's errors into our stable codes; a provider's error code (invalid_grant, ...) is kept in the message.
async function guard<T>(providerId: string, auth: OAuth2Auth, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isPlugboardError(error)) throw claimError(error, providerId);
    if (error instanceof oauth.ResponseBodyError) {
      const verdict =
        auth.classifyError?.({ status: error.status, body: error.cause }) ??
        (error.error === 'invalid_grant' ? 'reauth_required' : undefined);
      const code = verdict === 'reauth_required' || verdict === 'rate_limited' ? verdict : 'provider_error';
      throw new ProviderError(
        code,
        providerId,
        `Could not ${what}: the provider answered ${error.error}${error.error_description ? ` (${error.error_description})` : ''}.`,
        {
          status: error.status,
          cause: error,
        },
      );
    }
    // A non-2xx answer without an OAuth error body (a 5xx page, a 429, problem+json): the plugin may classify it.
    if (error instanceof oauth.OperationProcessingError && error.cause instanceof Response) {
      const answer = error.cause;
      const body = await answer
        .clone()
        .text()
        .then((text) => parseLoosely(text))
        .catch(() => undefined);
      const verdict =
        auth.classifyError?.({ status: answer.status, body }) ?? (answer.status === 429 ? 'rate_limited' : undefined);
      const code = verdict === 'reauth_required' || verdict === 'rate_limited' ? verdict : 'provider_error';
      throw new ProviderError(code, providerId, `Could not ${what}: the provider answered HTTP ${answer.status}.`, {
        status: answer.status,
        cause: error,
      });
    }
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new ProviderError('provider_timeout', providerId, `Could not ${what}: the provider timed out.`, {
        cause: error,
      });
    }
    throw new ProviderError('provider_error', providerId, `Could not ${what}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
