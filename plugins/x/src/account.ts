import { type AccountContext, type AccountInfo, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

/** Non-secret account data kept on the connection. */
export const metadataSchema = z.object({ username: z.string().min(1) });

/** The connection metadata this provider stores. */
export type XMetadata = z.output<typeof metadataSchema>;

const me = z.object({ data: z.object({ id: z.string().min(1), name: z.string(), username: z.string().min(1) }) });

/** Who connected, from GET /2/users/me: the numeric user id (stable across handle changes), name and @username. */
export async function resolveAccount(context: AccountContext): Promise<AccountInfo<XMetadata>> {
  const answer = await readProviderJson(context.fetch, '/users/me', me, { what: 'read the X user (GET /2/users/me)' });
  const { id, name, username } = answer.data;
  return { id, name, metadata: { username } };
}
