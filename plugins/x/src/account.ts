import { type AccountContext, type AccountInfo, ProviderError } from '@plugboard/core';
import { z } from 'zod';

/** Non-secret account data kept on the connection. */
export const metadataSchema = z.object({ username: z.string().min(1) });

/** The connection metadata this provider stores. */
export type XMetadata = z.output<typeof metadataSchema>;

const me = z.object({ data: z.object({ id: z.string().min(1), name: z.string(), username: z.string().min(1) }) });

/** Who connected, from GET /2/users/me: the numeric user id (stable across handle changes), name and @username. */
export async function resolveAccount(providerId: string, context: AccountContext): Promise<AccountInfo<XMetadata>> {
  const response = await context.fetch('/users/me');
  const parsed = me.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !parsed.success) {
    throw new ProviderError('provider_error', providerId, `X answered ${response.status} to GET /2/users/me.`, {
      status: response.status,
    });
  }
  const { id, name, username } = parsed.data.data;
  return { id, name, metadata: { username } };
}
