import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ExpiringIds } from './expiring-ids.js';
import type { SandboxSettings } from './options.js';
import { SealedValues } from './sealed-values.js';

const CODE_LIFETIME_MS = 60_000;
const GRANT_LIFETIME_MS = 30 * 24 * 3600_000;

const grantSchema = z.object({
  grantId: z.string(),
  grantExpiresAt: z.number(),
  clientId: z.string(),
  accountName: z.string(),
  scopes: z.array(z.string()),
});

/** One user's consent for one client; a code and every token issued from it share it, so revoking it revokes them all. */
export type Grant = z.infer<typeof grantSchema>;

const codeSchema = grantSchema.extend({ redirectUri: z.string(), codeChallenge: z.string() });

/** What an authorization code is bound to. */
export type CodeClaims = z.infer<typeof codeSchema>;

const tokenSchema = grantSchema.extend({ tokenId: z.string() });

/** What an access or refresh token carries. */
export type TokenClaims = z.infer<typeof tokenSchema>;

function randomId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Mints, opens and revokes the sandbox's codes and tokens. They are self-contained signed values, so they
 * survive restarts and work across processes; only used codes and revocations live in this process's memory.
 */
export class TokenAuthority {
  readonly #codes: SealedValues<CodeClaims>;
  readonly #accessTokens: SealedValues<TokenClaims>;
  readonly #refreshTokens: SealedValues<TokenClaims>;
  readonly #usedCodes: ExpiringIds;
  readonly #revoked: ExpiringIds;
  readonly #settings: SandboxSettings;

  constructor(settings: SandboxSettings) {
    const { signingKey, now } = settings;
    this.#settings = settings;
    this.#codes = new SealedValues(signingKey, 'authorization-code', codeSchema, now);
    this.#accessTokens = new SealedValues(signingKey, 'access-token', tokenSchema, now);
    this.#refreshTokens = new SealedValues(signingKey, 'refresh-token', tokenSchema, now);
    this.#usedCodes = new ExpiringIds(now);
    this.#revoked = new ExpiringIds(now);
  }

  /** Starts a grant and returns its authorization code, valid for 60 seconds. */
  mintCode(consent: Omit<CodeClaims, 'grantId' | 'grantExpiresAt'>): string {
    const now = this.#settings.now();
    const claims = { ...consent, grantId: randomId(), grantExpiresAt: now + GRANT_LIFETIME_MS };
    return this.#codes.seal(claims, now + CODE_LIFETIME_MS);
  }

  /** The claims of an authentic, unexpired code, used or not: the caller checks its bindings before consuming it. */
  openCode(code: string): CodeClaims | undefined {
    return this.#codes.open(code)?.payload;
  }

  /** Marks a code used; false when it already was, and then everything issued from it is revoked (RFC 6749 §4.1.2). */
  consumeCode(claims: CodeClaims): boolean {
    if (this.#usedCodes.has(claims.grantId)) {
      this.#revoked.add(claims.grantId, claims.grantExpiresAt);
      return false;
    }
    this.#usedCodes.add(claims.grantId, claims.grantExpiresAt);
    return true;
  }

  /** Mints an access token for `grant`; it never outlives the grant. */
  mintAccessToken(grant: Grant): { token: string; expiresIn: number } {
    const now = this.#settings.now();
    const expiresAt = Math.min(now + this.#settings.tokenTtlSeconds * 1000, grant.grantExpiresAt);
    const token = this.#accessTokens.seal(this.#tokenClaims(grant), expiresAt);
    return { token, expiresIn: Math.round((expiresAt - now) / 1000) };
  }

  /** Mints a refresh token that lives as long as its grant. */
  mintRefreshToken(grant: Grant): string {
    return this.#refreshTokens.seal(this.#tokenClaims(grant), grant.grantExpiresAt);
  }

  /** The claims of a signed, unexpired, unrevoked access token. */
  openAccessToken(token: string): TokenClaims | undefined {
    return this.#unlessRevoked(this.#accessTokens.open(token)?.payload);
  }

  /** The claims of a signed, unexpired, unrevoked refresh token. */
  openRefreshToken(token: string): TokenClaims | undefined {
    return this.#unlessRevoked(this.#refreshTokens.open(token)?.payload);
  }

  /** Retires one token (an access token, or a refresh token that was rotated out). */
  retire(claims: TokenClaims): void {
    this.#revoked.add(claims.tokenId, claims.grantExpiresAt);
  }

  /** Revokes a refresh token's whole grant, so the access tokens issued from it stop working too (RFC 7009 §2.1). */
  revokeGrant(claims: Grant): void {
    this.#revoked.add(claims.grantId, claims.grantExpiresAt);
  }

  // Parsing drops what a code's or token's claims add to the grant, so only grant fields are sealed.
  #tokenClaims(grant: Grant): TokenClaims {
    return { ...grantSchema.parse(grant), tokenId: randomId() };
  }

  #unlessRevoked(claims: TokenClaims | undefined): TokenClaims | undefined {
    if (!claims || this.#revoked.has(claims.tokenId) || this.#revoked.has(claims.grantId)) return undefined;
    return claims;
  }
}
