import { oauth2ClientOptions } from '@plugboard/core';
import { z } from 'zod';
import { GOOGLE_ENDPOINTS } from './endpoints.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

// The client secret goes to the token URL: https only, except a fake on loopback in tests.
const endpointUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL', abort: true }).refine((url) => {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || LOOPBACK.has(parsed.hostname);
}, 'an https URL (plain http only on localhost)');

/** Options of a Google provider; the endpoint overrides exist for tests against a fake and default to Google's. */
export function googleOptionsSchema(defaultApiBaseUrl: string) {
  return oauth2ClientOptions.extend({
    /** Replaces the default scopes; Google refuses an authorization request without any. */
    scopes: z.array(z.string().min(1)).min(1).optional(),
    issuer: endpointUrl.default(GOOGLE_ENDPOINTS.issuer),
    authorizationUrl: endpointUrl.default(GOOGLE_ENDPOINTS.authorizationUrl),
    tokenUrl: endpointUrl.default(GOOGLE_ENDPOINTS.tokenUrl),
    revocationUrl: endpointUrl.default(GOOGLE_ENDPOINTS.revocationUrl),
    userinfoUrl: endpointUrl.default(GOOGLE_ENDPOINTS.userinfoUrl),
    /** Base of the product's API: proxied calls and the plugin's own actions resolve paths against it. */
    apiBaseUrl: endpointUrl.default(defaultApiBaseUrl),
    /** A second API of the product on another host (Analytics' Data API, for reports); the product's default. */
    dataApiUrl: endpointUrl.optional(),
  });
}

/** Options after parsing: every endpoint filled in. */
export type GoogleOptions = z.output<ReturnType<typeof googleOptionsSchema>>;
