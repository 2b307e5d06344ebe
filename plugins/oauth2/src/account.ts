import { type AccountContext, type AccountInfo, ProviderError, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import type { OAuth2Options } from './options.js';

/** Non-secret account data kept on the connection. */
export const metadataSchema = z.object({
  email: z.string().optional(),
  issuer: z.string().optional(),
});

/** The connection metadata this provider stores. */
export type OAuth2Metadata = z.output<typeof metadataSchema>;

type Claims = Record<string, unknown>;

// JSON only: signed userinfo (application/jwt) is not supported.
const userinfoAnswer = z.record(z.string(), z.unknown());

/**
 * Who connected: from the ID token's claims, completed by the userinfo endpoint when the ID token
 * lacks the id or a display name (conformant OpenID providers put only `sub` in it), or from userinfo alone.
 */
export async function resolveAccount(
  options: OAuth2Options,
  context: AccountContext,
): Promise<AccountInfo<OAuth2Metadata>> {
  const fail = (message: string) => new ProviderError('provider_error', message);
  const idToken = context.idTokenClaims;
  let claims: Claims;
  if (options.accountFrom === 'tokenResponse') {
    claims = context.tokenResponse ?? {};
  } else if (idToken && (!context.userinfoUrl || isComplete(idToken, options))) {
    claims = idToken;
  } else if (context.userinfoUrl) {
    const { method, body } = options.userinfoRequest;
    const userinfo = await readProviderJson(context.fetch, context.userinfoUrl, userinfoAnswer, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      what: 'read the userinfo endpoint',
    });
    // OpenID Connect Core 5.3.2: userinfo about another subject must not be mixed in.
    if (idToken && userinfo.sub !== idToken.sub) throw fail('The userinfo response is about another subject.');
    claims = { ...userinfo, ...idToken };
  } else {
    throw fail('No ID token and no userinfo URL: ask for the openid scope, or set the userinfoUrl option.');
  }

  const id = claim(claims, options.accountIdClaim);
  if (!(typeof id === 'string' && id !== '') && !(typeof id === 'number' && Number.isFinite(id))) {
    throw fail(`The account has no "${options.accountIdClaim}" claim to identify it.`);
  }
  const email = claims.email;
  const issuer = typeof claims.iss === 'string' ? claims.iss : options.issuer;
  return {
    id: String(id),
    name: firstName(claims, options),
    metadata: {
      ...(typeof email === 'string' ? { email } : {}),
      ...(issuer ? { issuer } : {}),
    },
  };
}

function isComplete(claims: Claims, options: OAuth2Options): boolean {
  return claim(claims, options.accountIdClaim) !== undefined && firstName(claims, options) !== undefined;
}

function firstName(claims: Claims, options: OAuth2Options): string | undefined {
  for (const name of options.accountNameClaims) {
    const value = claim(claims, name);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** A claim by exact name (namespaced claims contain dots), else by dotted path (`data.id`). */
function claim(claims: Claims, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const key of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Claims)[key];
  }
  return value;
}
