import { randomBytes } from 'node:crypto';

/** An authorization code waiting to be exchanged, with what the token request must match. */
export interface PendingCode {
  redirectUri: string;
  challenge: string | undefined;
  scopes: string[];
  expiresAt: number;
}

// One user approval: every token issued from it dies with it when its refresh token is revoked (RFC 7009 2.1).
interface Grant {
  scopes: string[];
  revoked: boolean;
}

const CODE_TTL_MS = 10 * 60_000;

/** The fake's memory of codes, grants and tokens, with the rules of their lifetimes. */
export function createTokenStore() {
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number | null; revoked: boolean }>();
  const refreshTokens = new Map<string, Grant>();

  const newToken = (prefix: string) => `${prefix}-${randomBytes(24).toString('base64url')}`;

  return {
    /** Issues a single-use code for an approved authorization request. */
    issueCode(pending: Omit<PendingCode, 'expiresAt'>): string {
      const code = newToken('fake-code');
      codes.set(code, { ...pending, expiresAt: Date.now() + CODE_TTL_MS });
      return code;
    },
    /** Takes a code out of the store (used or not, it never works twice); undefined when unknown or expired. */
    consumeCode(code: string): PendingCode | undefined {
      const pending = codes.get(code);
      codes.delete(code);
      return pending && pending.expiresAt > Date.now() ? pending : undefined;
    },
    /** Starts a grant for an exchanged code. */
    startGrant(scopes: string[]): Grant {
      return { scopes, revoked: false };
    },
    /** The live grant a refresh token belongs to. */
    grantOf(refreshToken: string): Grant | undefined {
      const grant = refreshTokens.get(refreshToken);
      return grant && !grant.revoked ? grant : undefined;
    },
    issueAccessToken(grant: Grant, ttlSeconds: number | null): string {
      const token = newToken('fake-at');
      accessTokens.set(token, {
        grant,
        expiresAt: ttlSeconds === null ? null : Date.now() + ttlSeconds * 1000,
        revoked: false,
      });
      return token;
    },
    issueRefreshToken(grant: Grant): string {
      const token = newToken('fake-rt');
      refreshTokens.set(token, grant);
      return token;
    },
    /** Makes a rotated-away refresh token invalid_grant from now on. */
    retireRefreshToken(token: string): void {
      refreshTokens.delete(token);
    },
    isLive(accessToken: string): boolean {
      const entry = accessTokens.get(accessToken);
      if (!entry || entry.revoked || entry.grant.revoked) return false;
      return entry.expiresAt === null || entry.expiresAt > Date.now();
    },
    /** Revokes an access token alone, or a refresh token with its whole grant; true when the token was known. */
    revoke(token: string): boolean {
      const access = accessTokens.get(token);
      if (access) access.revoked = true;
      const grant = refreshTokens.get(token);
      if (grant) grant.revoked = true;
      return access !== undefined || grant !== undefined;
    },
  };
}

/** The fake's token store. */
export type TokenStore = ReturnType<typeof createTokenStore>;
