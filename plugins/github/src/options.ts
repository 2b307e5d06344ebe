import { oauth2ClientOptions } from '@plugboard/core';
import { z } from 'zod';
import { GITHUB_ENDPOINTS } from './endpoints.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

// The client secret goes to the token URL: https only, except a fake on loopback in tests.
const endpointUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL', abort: true }).refine((url) => {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || LOOPBACK.has(parsed.hostname);
}, 'an https URL (plain http only on localhost)');

/** Options of the GitHub provider; the endpoints default to github.com (GitHub Enterprise Server: your host). */
export const optionsSchema = oauth2ClientOptions.extend({
  authorizationUrl: endpointUrl.default(GITHUB_ENDPOINTS.authorizationUrl),
  tokenUrl: endpointUrl.default(GITHUB_ENDPOINTS.tokenUrl),
  /** Base of the REST API; `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiBaseUrl: endpointUrl.default(GITHUB_ENDPOINTS.apiBaseUrl),
});

/** Options after parsing: every endpoint filled in. */
export type GitHubOptions = z.output<typeof optionsSchema>;
