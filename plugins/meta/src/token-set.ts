import { type ProviderFetch, readProviderJson, type TokenSet } from '@plugboard/core';
import { z } from 'zod';
import { metaError } from './graph-errors.js';

/**
 * A token set from one of Meta's token answers (`{ access_token, token_type?, expires_in?, permissions? }`):
 * Meta issues no refresh tokens, so the engine's refresh runs the provider's own exchange (the `refresh` hook).
 */
export function metaTokenSet(status: number, body: Record<string, unknown>, what: string, now = Date.now()): TokenSet {
  const token = body.access_token;
  if (typeof token !== 'string' || token === '') throw metaError(status, body, what);
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
  fetch: ProviderFetch,
  endpoint: string,
  params: Record<string, string>,
  what: string,
): Promise<TokenSet> {
  const url = new URL(endpoint);
  url.search = new URLSearchParams(params).toString();
  const body = await readProviderJson(fetch, url.href, z.record(z.string(), z.unknown()), { what });
  return metaTokenSet(200, body, what);
}
