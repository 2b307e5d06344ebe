import { createHash } from 'node:crypto';
import { authenticateClient, checkFormat, requestParams } from './client-auth.js';
import type { FakeSettings } from './settings.js';
import type { TokenStore } from './token-store.js';
import type { FakeRequest, FakeResponse, IssuedTokens } from './types.js';
import { oauthError } from './wire.js';

/** Answers the token endpoint: authorization_code and refresh_token grants (RFC 6749 4.1.3 and 6, RFC 7636). */
export function handleTokenRequest(
  request: FakeRequest,
  settings: FakeSettings,
  store: TokenStore,
  issued: IssuedTokens[],
): FakeResponse {
  const refused =
    checkFormat(request, settings.tokenRequestFormat) ?? authenticateClient(request, settings.clientAuth, settings);
  if (refused) return refused;
  const params = requestParams(request);
  const grantType = params.get('grant_type') ?? '';
  const outcome =
    grantType === 'authorization_code'
      ? exchangeCode(params, settings, store)
      : grantType === 'refresh_token'
        ? refresh(params, settings, store)
        : oauthError(400, 'unsupported_grant_type', `Grant type ${JSON.stringify(grantType)} is not supported.`);
  if (!('accessToken' in outcome)) return outcome;
  issued.push(issuedEntry(outcome, grantType));
  const standard: Record<string, unknown> = {
    access_token: outcome.accessToken,
    token_type: 'Bearer',
    ...(settings.accessTokenTtl === null ? {} : { expires_in: settings.accessTokenTtl }),
    ...(outcome.refreshToken ? { refresh_token: outcome.refreshToken } : {}),
    scope: outcome.scopes.join(settings.scopeSeparator),
  };
  return settings.tokenResponse ? settings.tokenResponse(standard, { grantType, request }) : { body: standard };
}

/** Tokens minted for one answer, with the scopes of their grant. */
export interface Issued {
  accessToken: string;
  refreshToken?: string;
  scopes: string[];
}

/** Starts a grant and mints its first tokens (a refresh token unless the provider issues none). */
export function mintGrant(scopes: string[], settings: FakeSettings, store: TokenStore): Issued {
  const grant = store.startGrant(scopes);
  return {
    accessToken: store.issueAccessToken(grant, settings.accessTokenTtl),
    ...(settings.refreshTokens === 'none' ? {} : { refreshToken: store.issueRefreshToken(grant) }),
    scopes,
  };
}

/** The public record of an answer's tokens. */
export function issuedEntry(outcome: Issued, grantType: string): IssuedTokens {
  return {
    accessToken: outcome.accessToken,
    ...(outcome.refreshToken ? { refreshToken: outcome.refreshToken } : {}),
    grantType,
  };
}

function exchangeCode(params: URLSearchParams, settings: FakeSettings, store: TokenStore): Issued | FakeResponse {
  const pending = store.consumeCode(params.get('code') ?? '');
  if (!pending) return oauthError(400, 'invalid_grant', 'The code is unknown, expired or already used.');
  if (params.get('redirect_uri') !== pending.redirectUri) {
    return oauthError(400, 'invalid_grant', 'redirect_uri differs from the authorization request.');
  }
  const verifier = params.get('code_verifier');
  if (pending.challenge !== undefined) {
    if (!verifier) return oauthError(400, 'invalid_grant', 'code_verifier is missing.');
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
      return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge.');
    }
  } else if (verifier && settings.pkce !== 'none') {
    return oauthError(400, 'invalid_grant', 'code_verifier sent, but the authorization request had no code_challenge.');
  }
  return mintGrant(settings.grantedScopes(pending.scopes), settings, store);
}

function refresh(params: URLSearchParams, settings: FakeSettings, store: TokenStore): Issued | FakeResponse {
  if (settings.refreshTokens === 'none') {
    return oauthError(400, 'unsupported_grant_type', 'This provider does not issue refresh tokens.');
  }
  const presented = params.get('refresh_token') ?? '';
  const grant = store.grantOf(presented);
  if (!grant) return oauthError(400, 'invalid_grant', 'The refresh token is unknown, revoked or rotated away.');
  const accessToken = store.issueAccessToken(grant, settings.accessTokenTtl);
  if (settings.refreshTokens === 'omit') return { accessToken, scopes: grant.scopes };
  if (settings.refreshTokens === 'keep') return { accessToken, refreshToken: presented, scopes: grant.scopes };
  store.retireRefreshToken(presented);
  return { accessToken, refreshToken: store.issueRefreshToken(grant), scopes: grant.scopes };
}
