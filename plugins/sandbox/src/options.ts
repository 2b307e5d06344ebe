import { createHmac, randomBytes } from 'node:crypto';
import type { ProviderContext } from '@plugboard/core';
import { z } from 'zod';

/** The sandbox's options; every one has a default, so the provider works with no configuration at all. */
export const optionsSchema = z.object({
  clientId: z.string().min(1).default('sandbox-client'),
  clientSecret: z.string().min(1).default('sandbox-secret'),
  tokenTtlSeconds: z.number().int().positive().default(3600),
  rotateRefreshTokens: z.boolean().default(false),
  /**
   * Signs codes, tokens and consent transactions; hubs that share it accept each other's tokens. Without it the
   * key is this installation's own (derived from the hub's encryption key), never anything public.
   */
  signingSecret: z.string().min(16, 'at least 16 characters').optional(),
  /** Redirect URIs accepted besides the hub's own callback (`${publicUrl}/oauth/callback`), matched exactly. */
  redirectUris: z.array(z.url()).default([]),
  /** Epoch milliseconds; lets tests expire codes and tokens without waiting. */
  clock: z
    .custom<() => number>((value) => typeof value === 'function', 'a function returning epoch milliseconds')
    .optional(),
});

/** The options as a plugin config writes them. */
export type SandboxOptions = z.input<typeof optionsSchema>;

/** Everything the sandbox's endpoints need, resolved once from the options. */
export interface SandboxSettings {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  rotateRefreshTokens: boolean;
  signingKey: Buffer;
  /** The only redirect URIs the authorization endpoint sends anyone to. */
  redirectUris: string[];
  now: () => number;
}

/**
 * Resolves parsed options into settings. The signing key comes from `signingSecret`, else from the hub's
 * per-installation key (every process of one hub derives the same), else it is random for this process: never
 * from the public default client secret, so nobody can forge the sandbox's tokens offline.
 */
export function resolveSettings(
  options: z.output<typeof optionsSchema>,
  context: Pick<ProviderContext, 'publicUrl' | 'installationKey'>,
): SandboxSettings {
  const signingKey = options.signingSecret
    ? createHmac('sha256', options.signingSecret).update('plugboard-sandbox/signing-key/v1').digest()
    : (context.installationKey?.('sandbox/signing-key/v1') ?? randomBytes(32));
  return {
    redirectUris: [`${context.publicUrl.replace(/\/+$/, '')}/oauth/callback`, ...options.redirectUris],
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenTtlSeconds: options.tokenTtlSeconds,
    rotateRefreshTokens: options.rotateRefreshTokens,
    signingKey,
    now: options.clock ?? Date.now,
  };
}
