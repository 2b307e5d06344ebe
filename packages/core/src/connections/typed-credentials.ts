import { type EngineContext, newId } from '../context.js';
import type { AccountInfo, Credentials, FieldsAuth, Provider } from '../contract/types.js';
import { PlugboardError, parseOrThrow, ValidationError } from '../errors.js';
import { lookUpAccount } from './account.js';
import { credentialFields } from './fields.js';
import { createProviderFetch } from './provider-fetch.js';
import { registerCredentialSecrets } from './rows.js';

/** Parses typed-in credentials (api_key, basic, raw) by the provider's fields, then asks its `verify` hook. */
export async function collectFields(
  ctx: EngineContext,
  provider: Provider<any>,
  auth: FieldsAuth,
  input: Record<string, unknown>,
): Promise<Credentials> {
  const { type, ...fields } = input;
  const schema = credentialFields(auth);
  const values = parseOrThrow(schema, fields, `${auth.type} credentials`, 'credentials');
  const credentials = { ...values, type: auth.type } as Credentials;
  registerCredentialSecrets(credentials);
  if (auth.verify) {
    try {
      await auth.verify({ credentials, fetch: createProviderFetch(provider, credentials, {}, ctx.fetch) });
    } catch (cause) {
      if (cause instanceof PlugboardError) throw cause;
      throw new ValidationError(`The provider refused these credentials: ${(cause as Error).message}`, [
        { path: 'credentials', message: 'rejected by the provider' },
      ]);
    }
  }
  return credentials;
}

/** Typed-in credentials name their account through the plugin's hook, else by username (basic) or not at all. */
export function accountOfFields(
  ctx: EngineContext,
  provider: Provider<any>,
  credentials: Credentials,
): Promise<AccountInfo> | AccountInfo {
  return provider.account
    ? lookUpAccount(ctx, provider, credentials, {})
    : { id: credentials.type === 'basic' ? credentials.username : newId() };
}

/** Typed-in credentials checked and their account named: what a programmatic connection stores. */
export async function typedInAccount(
  ctx: EngineContext,
  provider: Provider<any>,
  auth: FieldsAuth,
  input: Record<string, unknown>,
) {
  const credentials = await collectFields(ctx, provider, auth, input);
  return { credentials, account: await accountOfFields(ctx, provider, credentials), scopes: [], oauthAppId: null };
}
