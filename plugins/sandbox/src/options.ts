import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** The sandbox's options; every one has a default, so the provider works with no configuration at all. */
export const optionsSchema = z.object({
  clientId: z.string().min(1).default('sandbox-client'),
  clientSecret: z.string().min(1).default('sandbox-secret'),
  tokenTtlSeconds: z.number().int().positive().default(3600),
  rotateRefreshTokens: z.boolean().default(false),
  /** Signs codes, tokens and consent transactions; hubs that share it accept each other's tokens. */
  signingSecret: z.string().min(16, 'at least 16 characters').optional(),
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
  now: () => number;
}

/** Resolves parsed options into settings; without a signing secret the key comes from the client secret, so every hub process with the same config derives the same key. */
export function resolveSettings(options: z.output<typeof optionsSchema>): SandboxSettings {
  const signingKey = createHmac('sha256', options.signingSecret ?? options.clientSecret)
    .update('plugboard-sandbox/signing-key/v1')
    .digest();
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenTtlSeconds: options.tokenTtlSeconds,
    rotateRefreshTokens: options.rotateRefreshTokens,
    signingKey,
    now: options.clock ?? Date.now,
  };
}
