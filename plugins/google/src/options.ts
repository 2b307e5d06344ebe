import { endpointUrl, oauth2ClientOptions } from '@plugboard/core';
import { z } from 'zod';
import { GOOGLE_ENDPOINTS } from './endpoints.js';

// The client secret goes to the token URL: https only, except a fake on loopback in tests.
const endpoint = endpointUrl();

/** Options of a Google provider; the endpoint overrides exist for tests against a fake and default to Google's. */
export function googleOptionsSchema(defaultApiBaseUrl: string) {
  return oauth2ClientOptions.extend({
    /** Replaces the default scopes; Google refuses an authorization request without any. */
    scopes: z.array(z.string().min(1)).min(1).optional(),
    issuer: endpoint.default(GOOGLE_ENDPOINTS.issuer),
    authorizationUrl: endpoint.default(GOOGLE_ENDPOINTS.authorizationUrl),
    tokenUrl: endpoint.default(GOOGLE_ENDPOINTS.tokenUrl),
    revocationUrl: endpoint.default(GOOGLE_ENDPOINTS.revocationUrl),
    userinfoUrl: endpoint.default(GOOGLE_ENDPOINTS.userinfoUrl),
    /** Base of the product's API: proxied calls and the plugin's own actions resolve paths against it. */
    apiBaseUrl: endpoint.default(defaultApiBaseUrl),
    /** A second API of the product on another host (Analytics' Data API, for reports); the product's default. */
    dataApiUrl: endpoint.optional(),
  });
}

/** Options after parsing: every endpoint filled in. */
export type GoogleOptions = z.output<ReturnType<typeof googleOptionsSchema>>;
