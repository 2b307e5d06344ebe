import type { EngineContext } from '../context.js';
import type { AccountInfo, Credentials, Provider } from '../contract/types.js';
import { claimError, isPlugboardError, ProviderError } from '../errors.js';
import { createProviderFetch } from './provider-fetch.js';

/** What the connect step knows besides the credentials, handed to the plugin's `account` hook. */
export interface AccountContext {
  tokenResponse?: Record<string, unknown>;
  idTokenClaims?: Record<string, unknown>;
  callbackParams?: Record<string, string>;
  userinfoUrl?: string;
}

/**
 * Names the account a connection belongs to: the plugin's `account` hook, else the ID token's `sub`;
 * metadata is checked against the plugin's schema.
 */
export async function lookUpAccount(
  ctx: EngineContext,
  provider: Provider<unknown>,
  credentials: Credentials,
  extra: AccountContext,
): Promise<AccountInfo> {
  // The userinfo endpoint (declared, or discovered from the issuer) is a destination of the account step too.
  const userinfoHost = extra.userinfoUrl ? [new URL(extra.userinfoUrl).host] : [];
  const fetch = createProviderFetch(provider, credentials, {}, ctx.fetch, userinfoHost);
  let account: AccountInfo<unknown> | undefined;
  if (provider.account) {
    try {
      account = await provider.account({ credentials, fetch, ...extra });
    } catch (cause) {
      if (isPlugboardError(cause)) throw claimError(cause, provider.id);
      throw new ProviderError(
        'provider_error',
        provider.id,
        `Could not look up the connected account: ${(cause as Error).message}`,
        { cause },
      );
    }
  } else if (typeof extra.idTokenClaims?.sub === 'string') {
    account = { id: extra.idTokenClaims.sub };
  }
  return checkAccount(provider, account);
}

/** An account a hook answered, with an id, and metadata as the plugin's schema parses it. */
export function checkAccount(provider: Provider<unknown>, account: AccountInfo<unknown> | undefined): AccountInfo {
  if (!account || typeof account.id !== 'string' || account.id === '') {
    throw new ProviderError('provider_error', provider.id, 'The provider did not say which account was connected.');
  }
  // Without a schema the plugin's own type is all there is (its metadata is stored as JSON either way).
  if (!provider.metadataSchema) return account as AccountInfo;
  const parsed = provider.metadataSchema.safeParse(account.metadata ?? {});
  if (!parsed.success) {
    throw new ProviderError('provider_error', provider.id, 'The account metadata the provider returned is not valid.');
  }
  return { ...account, metadata: parsed.data as Record<string, unknown> };
}
