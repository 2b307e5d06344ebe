import { type AccountContext, type AccountInfo, ProviderError } from '@plugboard/core';
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

/**
 * Who connected: from the ID token's claims, completed by the userinfo endpoint when the ID token
 * lacks the id or a display name (conformant OpenID providers put only `sub` in it), or from userinfo alone.
 */
export async function resolveAccount(
  providerId: string,
  options: OAuth2Options,
  context: AccountContext,
): Promise<AccountInfo<OAuth2Metadata>> {
  const fail = (message: string) => new ProviderError('provider_error', providerId, message);
  const idToken = context.idTokenClaims;
  let claims: Claims;
  if (idToken && (!context.userinfoUrl || isComplete(idToken, options))) {
    claims = idToken;
  } else if (context.userinfoUrl) {
    const userinfo = await fetchUserinfo(context.fetch, context.userinfoUrl, fail);
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

/** GETs the userinfo endpoint with the connection's token; JSON only (signed userinfo is not supported). */
async function fetchUserinfo(
  fetch: AccountContext['fetch'],
  url: string,
  fail: (message: string) => ProviderError,
): Promise<Claims> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw fail(`The userinfo endpoint answered ${response.status}.`);
  const body: unknown = await response.json().catch(() => undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw fail('The userinfo endpoint did not answer a JSON object.');
  }
  return body as Claims;
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
