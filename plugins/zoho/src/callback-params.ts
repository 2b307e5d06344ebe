import { z } from 'zod';
import { type DataCentreTable, locationSchema, sameOrigin } from './data-centres.js';

/**
 * Zoho's callback adds `location` (which data centre holds the user) and `accounts-server` (that data centre's
 * accounts URL). Only `location` is used, as a key into the fixed table; `accounts-server` is compared with the
 * table's value and a mismatch refuses the callback before any token request, so no secret can leave for it.
 */
export function callbackParamsSchema(table: DataCentreTable) {
  return z
    .object({ location: locationSchema, 'accounts-server': z.string().max(200).optional() })
    .superRefine((params, ctx) => {
      const claimed = params['accounts-server'];
      if (claimed !== undefined && !sameOrigin(claimed, table[params.location].accounts)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts-server'],
          message: `not the accounts server of data centre "${params.location}"`,
        });
      }
    })
    .transform(({ location }): Record<string, string> => ({ location }));
}
