import { type AccountContext, type AccountInfo, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

/** What an `instagram` connection keeps: the Instagram professional account's id and username. */
export const instagramMetadataSchema = z.object({ igUserId: z.string().min(1), username: z.string().optional() });

/** The metadata of an `instagram` connection. */
export type InstagramMetadata = z.output<typeof instagramMetadataSchema>;

const meAnswer = z.object({ user_id: z.coerce.string(), username: z.string().optional() });

/** Who connected: GET /me?fields=user_id,username; `user_id` is the professional account's id the API takes. */
export async function instagramAccount({ fetch }: AccountContext): Promise<AccountInfo<InstagramMetadata>> {
  const me = await readProviderJson(fetch, '/me?fields=user_id,username', meAnswer, {
    what: 'read the connected account',
  });
  return { id: me.user_id, name: me.username, metadata: { igUserId: me.user_id, username: me.username } };
}
