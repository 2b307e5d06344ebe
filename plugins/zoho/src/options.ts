import { z } from 'zod';
import { locationSchema } from './data-centres.js';

const required = z.string({ error: 'required' }).min(1, 'required');

// An origin only: a path or query on a data centre URL would be appended to by every request.
const origin = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL' })
  .refine((value) => {
    const url = new URL(value);
    return url.pathname === '/' && url.search === '' && url.hash === '' && !url.username && !url.password;
  }, 'an origin such as https://accounts.zoho.eu, without a path')
  .transform((value) => new URL(value).origin);

const dataCentre = z.object({ accounts: origin, api: origin });

/** Options of the Zoho provider. */
export const optionsSchema = z.object({
  clientId: required,
  clientSecret: required,
  /** Asked for on top of the scopes the account step needs (`ZohoCRM.org.READ`, `ZohoCRM.users.READ`). */
  scopes: z.array(z.string().min(1)).default([]),
  /** The data centre the app is registered in: its accounts server shows the consent page. */
  appDataCenter: locationSchema.default('us'),
  /** Replaces rows of the built-in data centre table (tests, private deployments). Config only: never a callback value. */
  dataCenters: z.partialRecord(locationSchema, dataCentre).default({}),
});

/** The options as a config file writes them. */
export type ZohoOptions = z.input<typeof optionsSchema>;
