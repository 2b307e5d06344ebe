import { endpointUrl, oauth2ClientOptions } from '@plugboard/core';
import { z } from 'zod';

const scopeList = z.array(z.string().min(1));

/** Options of the Slack provider; the URLs default to Slack's and are only overridden by tests (or GovSlack). */
export const optionsSchema = oauth2ClientOptions.extend({
  /** Bot scopes, sent comma-separated in `scope`. */
  scopes: scopeList.default(['chat:write']),
  /** User scopes, sent comma-separated in `user_scope`; the user token they give is kept secret in the credentials. */
  userScopes: scopeList.default([]),
  /**
   * How the client authenticates at oauth.v2.access. Body params are what Slack's own SDKs send; with HTTP Basic
   * the engine form-urlencodes the id first (RFC 6749 2.3.1), turning the dot of a Slack client id into `%2E`.
   */
  clientAuth: z.enum(['post', 'basic']).default('post'),
  authorizationUrl: endpointUrl().default('https://slack.com/oauth/v2/authorize'),
  tokenUrl: endpointUrl().default('https://slack.com/api/oauth.v2.access'),
  /** Base of Web API calls (`auth.test`, `chat.postMessage`, ...). */
  apiBaseUrl: endpointUrl().default('https://slack.com/api'),
});

/** Options after parsing: defaults applied. */
export type SlackOptions = z.output<typeof optionsSchema>;
