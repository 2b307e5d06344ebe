import { type AccountContext, type AccountInfo, ProviderError, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { type DataCentreTable, locationSchema, sameOrigin } from './data-centres.js';
import type { ZohoMetadata } from './metadata.js';

/** The Zoho CRM API version the account step reads the organization and current user from. */
export const CRM_API_VERSION = 'v8';

/** Scopes the account step needs; always asked for. */
export const ACCOUNT_SCOPES = ['ZohoCRM.org.READ', 'ZohoCRM.users.READ'];

const orgAnswer = z.object({
  org: z.array(z.object({ id: z.coerce.string(), company_name: z.string().nullish() })).min(1),
});
const usersAnswer = z.object({
  users: z
    .array(z.object({ id: z.coerce.string(), full_name: z.string().nullish(), email: z.string().nullish() }))
    .min(1),
});

/**
 * Who connected: the data centre comes from the validated callback `location` (an import's `params.location`);
 * after a code exchange Zoho's `api_domain` must be that data centre's API host (anything else is refused, never
 * called); then the CRM organization and current user.
 */
export async function zohoAccount(table: DataCentreTable, context: AccountContext): Promise<AccountInfo<ZohoMetadata>> {
  const fail = (message: string) => new ProviderError('provider_error', message);
  const dc = locationSchema.safeParse(context.callbackParams?.location);
  if (!dc.success) throw fail('The callback did not say which Zoho data centre holds the account.');
  // Imported tokens come without a token answer: the data centre the caller named is the only word on it.
  const apiDomain = context.tokenResponse === undefined ? table[dc.data].api : context.tokenResponse.api_domain;
  if (typeof apiDomain !== 'string' || !sameOrigin(apiDomain, table[dc.data].api)) {
    throw fail(`Zoho's api_domain is not the API host of data centre "${dc.data}".`);
  }
  const api = table[dc.data].api;
  const org = (
    await readProviderJson(context.fetch, `${api}/crm/${CRM_API_VERSION}/org`, orgAnswer, {
      what: 'read the Zoho CRM organization',
    })
  ).org[0]!;
  const user = (
    await readProviderJson(context.fetch, `${api}/crm/${CRM_API_VERSION}/users?type=CurrentUser`, usersAnswer, {
      what: 'read the current Zoho CRM user',
    })
  ).users[0]!;
  return {
    // A Zoho user can belong to several CRM organizations, and a grant is for one of them.
    id: `${org.id}:${user.id}`,
    name: user.full_name ?? user.email ?? undefined,
    metadata: { dc: dc.data, apiDomain: api, organization: { id: org.id, name: org.company_name ?? '' } },
  };
}
