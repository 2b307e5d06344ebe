import { z } from 'zod';
import { tagKey, tagsSchema, tagValue } from './tags.js';

const ownerSchema = z.string().min(1).max(200);

/** Input of a programmatic connection. */
export const createConnectionInput = z.object({
  provider: z.string().min(1).max(100),
  ownerId: ownerSchema.optional(),
  shared: z.boolean().optional(),
  /** End-user tags, filterable in listings (`tag[key]=value`). */
  tags: tagsSchema.optional(),
  /** The caller's name for the connection. */
  name: z.string().trim().min(1).max(200).optional(),
  /** When the hub deletes the connection by itself (revoking it where the provider can): a future instant. */
  expiresAt: z.iso
    .datetime({ offset: true, abort: true })
    .refine((value) => Date.parse(value) > Date.now(), 'must be in the future')
    .transform((value) => new Date(value).toISOString())
    .optional(),
  /** Raw credential fields `/credentials` never answers; they still sign proxied calls. */
  redactFields: z.array(z.string().min(1).max(100)).max(50).optional(),
  credentials: z.looseObject({ type: z.enum(['oauth2', 'api_key', 'basic', 'raw']) }),
  /**
   * Imported OAuth2 tokens only: the extra callback parameters a connect would have brought (Zoho's `location`),
   * checked by the provider's `auth.callbackParams`.
   */
  params: z.record(z.string(), z.string().max(2000)).optional(),
});

/**
 * Input of the API variant of the OAuth callback: the provider's `code`, or its `error` (and `errorDescription`)
 * when the user denied access or the provider failed; exactly one of the two.
 */
export const connectionCallbackInput = z
  .object({
    provider: z.string().min(1).max(100),
    code: z.string().min(1).max(4000).optional(),
    error: z.string().min(1).max(200).optional(),
    errorDescription: z.string().max(2000).optional(),
    state: z.string().min(1).max(500),
    redirectUri: z.string().min(1).max(2000),
    params: z.record(z.string(), z.string().max(2000)).optional(),
  })
  .refine((value) => (value.code === undefined) !== (value.error === undefined), {
    message: 'exactly one of code and error is required',
    path: ['code'],
  });

/** Query of a connection listing. */
export const listConnectionsInput = z.object({
  provider: z.string().min(1).max(100).optional(),
  ownerId: ownerSchema.optional(),
  status: z.enum(['active', 'reauth_required', 'error']).optional(),
  /** Shared (workspace-wide) connections only, or per-user ones only; query strings spell it `true`/`false`. */
  shared: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).optional(),
  /** Connections carrying every one of these tags (`tag[key]=value` in a query string). */
  tag: z
    .record(tagKey, tagValue)
    .refine((tags) => Object.keys(tags).length <= 5, 'at most 5 tag filters')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

/** OAuth2 tokens a caller brings from elsewhere (a migration): at least one token. */
export const importedOAuth2 = z
  .object({
    type: z.literal('oauth2'),
    accessToken: z.string().min(1).optional(),
    refreshToken: z.string().min(1).optional(),
    tokenType: z.string().min(1).default('Bearer'),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    refreshTokenExpiresAt: z.iso.datetime({ offset: true }).optional(),
    scopes: z.array(z.string()).optional(),
  })
  .strict()
  .refine((value) => value.accessToken || value.refreshToken, 'an accessToken or a refreshToken is required');

/** OAuth2 tokens as a caller writes them (`type: 'oauth2'`, `tokenType` defaulting to Bearer). */
export type ImportedOAuth2 = z.input<typeof importedOAuth2>;
