import { endpointUrl, oauth2ClientOptions } from '@plugboard/core';
import type { z } from 'zod';
import { GITHUB_ENDPOINTS } from './endpoints.js';

/** Options of the GitHub provider; the endpoints default to github.com (GitHub Enterprise Server: your host). */
export const optionsSchema = oauth2ClientOptions.extend({
  authorizationUrl: endpointUrl().default(GITHUB_ENDPOINTS.authorizationUrl),
  tokenUrl: endpointUrl().default(GITHUB_ENDPOINTS.tokenUrl),
  /** Base of the REST API; `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiBaseUrl: endpointUrl().default(GITHUB_ENDPOINTS.apiBaseUrl),
});

/** Options after parsing: every endpoint filled in. */
export type GitHubOptions = z.output<typeof optionsSchema>;
