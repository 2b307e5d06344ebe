import { defineProvider, type EndpointContext } from '@plugboard/core';
import { ACCOUNT_SCOPES, zohoAccount } from './account.js';
import { callbackParamsSchema } from './callback-params.js';
import { type DataCentreTable, dataCentreOf, resolveDataCentres } from './data-centres.js';
import { metadataSchema, type ZohoMetadata } from './metadata.js';
import { optionsSchema } from './options.js';
import { ZOHO_LOGO, ZOHO_SCOPE_DESCRIPTIONS } from './presentation.js';
import { signZohoRequest } from './sign.js';
import { parseZohoTokenResponse } from './token-response.js';

export { type DataCentre, LOCATIONS, type Location, ZOHO_DATA_CENTRES } from './data-centres.js';
export type { ZohoMetadata } from './metadata.js';
export { optionsSchema, type ZohoOptions } from './options.js';

/** Zoho (CRM organization as the account), across Zoho's data centres. */
export default defineProvider({
  id: 'zoho',
  optionsSchema,
  setup: (options) => {
    const table = resolveDataCentres(options.dataCenters);
    const home = table[options.appDataCenter];
    // At the exchange the callback's location picks the row; afterwards the connection's stored dc does. With
    // neither (the core resolves every endpoint just to build an authorization URL, and imported tokens have no
    // dc), the app's home data centre: a row of the table all the same, never a value from a request.
    const accountsServer = ({ callbackParams, metadata }: EndpointContext) => {
      const location = callbackParams?.location ?? metadata.dc;
      if (location === undefined) return home.accounts;
      const row = dataCentreOf(table, location);
      if (!row) throw new Error('This Zoho connection names no known data centre.');
      return row.accounts;
    };
    return {
      name: 'Zoho',
      logo: ZOHO_LOGO,
      auth: {
        type: 'oauth2',
        authorizationUrl: `${home.accounts}/oauth/v2/auth`,
        tokenUrl: (endpoint) => `${accountsServer(endpoint)}/oauth/v2/token`,
        revocationUrl: (endpoint) => `${accountsServer(endpoint)}/oauth/v2/token/revoke`,
        client: { clientId: options.clientId, clientSecret: options.clientSecret },
        scopes: {
          default: [...new Set([...ACCOUNT_SCOPES, ...options.scopes])],
          separator: ',',
          descriptions: ZOHO_SCOPE_DESCRIPTIONS,
        },
        pkce: 'S256',
        clientAuth: 'query',
        // offline: a refresh token; consent: a new one on every reconnect (Zoho sends it only on consent).
        authorizationParams: { access_type: 'offline', prompt: 'consent' },
        callbackParams: callbackParamsSchema(table),
        parseTokenResponse: parseZohoTokenResponse,
      },
      api: {
        baseUrl: ({ metadata }) => apiBase(table, metadata, home.api),
        allowedHosts: [...new Set(Object.values(table).map((row) => new URL(row.api).host))],
        authorize: signZohoRequest,
      },
      metadataSchema: metadataSchema(table),
      account: (accountContext) => zohoAccount(table, accountContext),
    };
  },
});

// The core builds the account step's fetch before any metadata exists (it passes `{}`); that step calls
// absolute URLs on the validated api_domain, so the app's home data centre is only a placeholder there.
function apiBase(table: DataCentreTable, metadata: Partial<ZohoMetadata>, placeholder: string): string {
  if (metadata.dc === undefined) return placeholder;
  const row = dataCentreOf(table, metadata.dc);
  if (!row) throw new Error(`Unknown Zoho data centre "${String(metadata.dc)}".`);
  return row.api;
}
