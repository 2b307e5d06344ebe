import { type EngineContext, newId } from '../context.js';
import type { AccountInfo, Credentials, FieldsAuth, Provider } from '../contract/types.js';
import { claimError, isPlugboardError, parseOrThrow, ValidationError } from '../errors.js';
import { checkAccount, lookUpAccount } from './account.js';
import { credentialFields } from './fields.js';
import { createProviderFetch } from './provider-fetch.js';
import { registerCredentialSecrets } from './rows.js';

/** Typed-in credentials, checked; with the account when the plugin's `verify` hook answered it. */
export interface CollectedFields {
  credentials: Credentials;
  account: AccountInfo | undefined;
}

/** Parses typed-in credentials (api_key, basic, raw) by the provider's fields, then asks its `verify` hook. */
export async function collectFields(
  ctx: EngineContext,
  provider: Provider<unknown>,
  auth: FieldsAuth,
  input: Record<string, unknown>,
): Promise<CollectedFields> {
  const { type, ...fields } = input;
  const schema = credentialFields(auth);
  const values = parseOrThrow(schema, fields, `${auth.type} credentials`, 'credentials');
  const credentials = { ...values, type: auth.type } as Credentials;
  registerCredentialSecrets(credentials);
  if (!auth.verify) return { credentials, account: undefined };
  try {
    const verified = await auth.verify({
      credentials,
      fetch: createProviderFetch(provider, credentials, {}, ctx.fetch),
    });
    return { credentials, account: verified ? checkAccount(provider, verified) : undefined };
  } catch (cause) {
    if (isPlugboardError(cause)) throw claimError(cause, provider.id);
    throw new ValidationError(`The provider refused these credentials: ${(cause as Error).message}`, [
      { path: 'credentials', message: 'rejected by the provider' },
    ]);
  }
}

/**
 * Typed-in credentials name their account by what `verify` answered, else through the plugin's `account` hook,
 * else by username (basic) or not at all.
 */
export function accountOfFields(
  ctx: EngineContext,
  provider: Provider<unknown>,
  { credentials, account }: CollectedFields,
): Promise<AccountInfo> | AccountInfo {
  if (account) return account;
  return provider.account
    ? lookUpAccount(ctx, provider, credentials, {})
    : { id: credentials.type === 'basic' ? credentials.username : newId() };
}

/** Typed-in credentials checked and their account named: what a programmatic connection stores. */
export async function typedInAccount(
  ctx: EngineContext,
  provider: Provider<unknown>,
  auth: FieldsAuth,
  input: Record<string, unknown>,
) {
  const collected = await collectFields(ctx, provider, auth, input);
  const account = await accountOfFields(ctx, provider, collected);
  return { credentials: collected.credentials, account, scopes: [], oauthAppId: null };
}
