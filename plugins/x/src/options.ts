import { endpointUrl, oauth2ClientOptions } from '@plugboard/core';
import type { z } from 'zod';

/** Scopes every connection needs: `users.read` + `tweet.read` for /2/users/me, `offline.access` for a refresh token. */
export const REQUIRED_SCOPES = ['tweet.read', 'users.read', 'offline.access'];

/** Options of the X provider; the URLs default to X's and are only overridden by tests. */
export const optionsSchema = oauth2ClientOptions
  .extend({
    authorizationUrl: endpointUrl().default('https://x.com/i/oauth2/authorize'),
    tokenUrl: endpointUrl().default('https://api.x.com/2/oauth2/token'),
    revocationUrl: endpointUrl().default('https://api.x.com/2/oauth2/revoke'),
    apiBaseUrl: endpointUrl().default('https://api.x.com/2'),
  })
  // Configured scopes add to the required ones: without them the connect flow could not name the account or refresh.
  .transform((options) => ({ ...options, scopes: [...new Set([...REQUIRED_SCOPES, ...(options.scopes ?? [])])] }));

/** Options after parsing: defaults applied. */
export type XOptions = z.output<typeof optionsSchema>;
