import type { ProviderFetch, TokenSet } from '@plugboard/core';
import { metaError, readGraph } from './graph-errors.js';

/**
 * A token set from one of Meta's token answers (`{ access_token, token_type?, expires_in?, permissions? }`):
 * Meta issues no refresh tokens, so the engine's refresh runs the provider's own exchange (the `refresh` hook).
 */
export function metaTokenSet(
  providerId: string,
  status: number,
  body: Record<string, unknown>,
  what: string,
  now = Date.now(),
): TokenSet {
  const token = body.access_token;
  if (typeof token !== 'string' || token === '') throw metaError(providerId, status, body, what);
  const expiresIn = Number(body.expires_in);
  // Absent keys, not undefined ones: the engine spreads a refresh result over the stored set.
  return {
    accessToken: token,
    tokenType: 'bearer',
    ...(Number.isFinite(expiresIn) && expiresIn > 0
      ? { expiresAt: new Date(now + expiresIn * 1000).toISOString() }
      : {}),
    ...(typeof body.permissions === 'string' ? { scopes: body.permissions.split(',').filter(Boolean) } : {}),
  };
}

/** GETs one of Meta's token exchanges (fb_exchange_token, ig_exchange_token, ig_refresh_token) on a declared host. */
export async function exchangeToken(
  providerId: string,
  fetch: ProviderFetch,
  endpoint: string,
  params: Record<string, string>,
  what: string,
): Promise<TokenSet> {
  const url = new URL(endpoint);
  url.search = new URLSearchParams(params).toString();
  const response = await fetch(url.href, { headers: { accept: 'application/json' } });
  return metaTokenSet(providerId, response.status, await readGraph(providerId, response, what), what);
}
