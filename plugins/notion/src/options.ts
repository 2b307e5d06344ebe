import { endpointUrl, oauth2ClientOptions } from '@plugboard/core';
import { z } from 'zod';

/** Options of the Notion provider; the URLs default to Notion's and are only overridden by tests. */
export const optionsSchema = oauth2ClientOptions.omit({ scopes: true }).extend({
  /** The `Notion-Version` header sent on every API call. */
  notionVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, e.g. 2022-06-28')
    .default('2022-06-28'),
  authorizationUrl: endpointUrl().default('https://api.notion.com/v1/oauth/authorize'),
  tokenUrl: endpointUrl().default('https://api.notion.com/v1/oauth/token'),
  revocationUrl: endpointUrl().default('https://api.notion.com/v1/oauth/revoke'),
  apiBaseUrl: endpointUrl().default('https://api.notion.com/v1'),
});

/** Options after parsing: defaults applied. */
export type NotionOptions = z.output<typeof optionsSchema>;
