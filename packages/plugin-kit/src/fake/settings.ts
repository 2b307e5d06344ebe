import { randomBytes } from 'node:crypto';
import type { FakeProviderOptions } from './types.js';

/** The fake's options with every default filled in; `accessTokenTtl` and `refreshTokens` change at run time. */
export type FakeSettings = Required<Omit<FakeProviderOptions, 'tokenResponse' | 'paths'>> &
  Pick<FakeProviderOptions, 'tokenResponse'> & {
    paths: { authorize: string; token: string; revoke: string | null };
  };

/** Fills in the defaults of `createFakeProvider`'s options. */
export function resolveSettings(options: FakeProviderOptions): FakeSettings {
  return {
    clientId: options.clientId ?? 'fake-client-id',
    clientSecret: options.clientSecret ?? `fake-secret-${randomBytes(16).toString('hex')}`,
    clientAuth: options.clientAuth ?? 'basic',
    tokenRequestFormat: options.tokenRequestFormat ?? 'form',
    pkce: options.pkce ?? 'optional',
    accessTokenTtl: options.accessTokenTtl === undefined ? 3600 : options.accessTokenTtl,
    refreshTokens: options.refreshTokens ?? 'keep',
    scopeSeparator: options.scopeSeparator ?? ' ',
    grantedScopes: options.grantedScopes ?? ((requested) => requested),
    tokenResponse: options.tokenResponse,
    routes: options.routes ?? {},
    paths: {
      authorize: options.paths?.authorize ?? '/oauth/authorize',
      token: options.paths?.token ?? '/oauth/token',
      revoke: options.paths?.revoke === undefined ? '/oauth/revoke' : options.paths.revoke,
    },
  };
}
