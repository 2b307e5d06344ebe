import { chooseProviderInput, createConnectSessionInput } from '@plugboard/core';
import { z } from 'zod';
import { apiSchemas, Timestamp } from './common.js';

/** A started connect flow. */
export const ConnectSessionSchema = z
  .object({
    id: z.string(),
    provider: z
      .string()
      .nullable()
      .describe('The provider the session connects; null until the user picks one of `providers` on the connect page.'),
    providers: z.array(z.string()).describe('The providers the session offers (one, when it was made for one).'),
    authorizationUrl: z.string().nullable(),
    connectUrl: z.string(),
    expiresAt: Timestamp,
    status: z
      .enum(['open', 'used', 'expired'])
      .describe('`open` until the flow ends (`used`) or the session runs out of time (`expired`).'),
  })
  .register(apiSchemas, { id: 'ConnectSession' });

/** Body of `POST /v1/connect-sessions` (the engine checks `returnTo` against the workspace's origins). */
export const CreateConnectSessionBody = createConnectSessionInput.strict();

/**
 * Query of a hosted connect page: `display=popup` when the page was opened as a popup by `@plugboard/connect`;
 * `q` narrows a long list of providers to pick from (the page's search form, which needs no script).
 */
export const ConnectPageQuery = z.object({
  display: z.enum(['page', 'popup']).optional(),
  q: z.string().max(100).optional().describe('Shows only the providers to pick from whose name or id contains it.'),
});

/** A pick on a connect page that offers several providers: the button the user pressed names it. */
export const ChooseProviderBody = chooseProviderInput.strict();

/** The credentials form of a connect page: the provider's fields, as typed (the engine checks them). */
export const ConnectFormBody = z.record(z.string().max(200), z.string().max(4000)).optional();
