import { createHash } from 'node:crypto';
import { authenticateClient } from './client-auth.js';
import type { SandboxSettings } from './options.js';
import { pickParams, readForm } from './request-params.js';
import { json, oauthError } from './responses.js';
import { parseScopes } from './scopes.js';
import type { Grant, TokenAuthority } from './tokens.js';

const NOT_A_FORM = 'Send an application/x-www-form-urlencoded body of at most 16 KiB.';

/** True when `verifier` is a well-formed PKCE verifier whose S256 hash is `challenge` (RFC 7636 §4.6). */
function pkceMatches(verifier: string, challenge: string): boolean {
  return (
    /^[A-Za-z0-9._~-]{43,128}$/.test(verifier) &&
    createHash('sha256').update(verifier).digest('base64url') === challenge
  );
}

/** The token endpoint (POST /token): authorization_code with PKCE, and refresh_token. */
export class TokenEndpoint {
  readonly #settings: SandboxSettings;
  readonly #tokens: TokenAuthority;

  constructor(settings: SandboxSettings, tokens: TokenAuthority) {
    this.#settings = settings;
    this.#tokens = tokens;
  }

  /** POST /token */
  async handle(request: Request): Promise<Response> {
    const form = await readForm(request);
    if (!form) return oauthError(400, 'invalid_request', NOT_A_FORM);
    const refused = authenticateClient(request, form, this.#settings);
    if (refused) return refused;
    const picked = pickParams(form, ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'scope']);
    if (picked.repeated) return oauthError(400, 'invalid_request', `The ${picked.repeated} parameter is repeated.`);
    const params = picked.values;
    switch (params.grant_type) {
      case 'authorization_code':
        return this.#exchangeCode(params.code, params.redirect_uri, params.code_verifier);
      case 'refresh_token':
        return this.#refresh(params.refresh_token, params.scope);
      case undefined:
        return oauthError(400, 'invalid_request', 'grant_type is required.');
      default:
        return oauthError(400, 'unsupported_grant_type', 'Use authorization_code or refresh_token.');
    }
  }

  #exchangeCode(code?: string, redirectUri?: string, verifier?: string): Response {
    if (!code || !redirectUri || !verifier) {
      return oauthError(400, 'invalid_request', 'code, redirect_uri and code_verifier are required.');
    }
    const claims = this.#tokens.openCode(code);
    if (!claims || claims.clientId !== this.#settings.clientId) {
      return oauthError(400, 'invalid_grant', 'The code is invalid, expired, or was issued to another client.');
    }
    if (claims.redirectUri !== redirectUri) {
      return oauthError(400, 'invalid_grant', 'redirect_uri differs from the one the code was issued for.');
    }
    if (!pkceMatches(verifier, claims.codeChallenge)) {
      return oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
    if (!this.#tokens.consumeCode(claims)) {
      return oauthError(400, 'invalid_grant', 'The code was already used; the tokens issued from it are revoked.');
    }
    return this.#tokenResponse(claims, claims.scopes, this.#tokens.mintRefreshToken(claims));
  }

  #refresh(refreshToken?: string, scope?: string): Response {
    if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required.');
    const claims = this.#tokens.openRefreshToken(refreshToken);
    if (!claims || claims.clientId !== this.#settings.clientId) {
      return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
    }
    // A refresh may narrow the scopes, never widen them (RFC 6749 §6).
    const scopes = scope === undefined ? claims.scopes : parseScopes(scope);
    if (!scopes?.every((name) => claims.scopes.includes(name))) {
      return oauthError(400, 'invalid_scope', 'A refresh can only ask for scopes of the original grant.');
    }
    if (!this.#settings.rotateRefreshTokens) return this.#tokenResponse(claims, scopes, undefined);
    this.#tokens.retire(claims);
    return this.#tokenResponse(claims, scopes, this.#tokens.mintRefreshToken(claims));
  }

  // Without rotation a refresh answers no refresh_token, and the client keeps the one it has (RFC 6749 §5.1).
  #tokenResponse(grant: Grant, scopes: string[], refreshToken: string | undefined): Response {
    const access = this.#tokens.mintAccessToken({ ...grant, scopes });
    return json({
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
    });
  }
}
