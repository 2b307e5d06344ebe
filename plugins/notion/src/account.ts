import { type AccountContext, type AccountInfo, ProviderError } from '@plugboard/core';
import { z } from 'zod';

/** Non-secret data about the authorization kept on the connection. */
export const metadataSchema = z.object({
  workspace: z.object({ id: z.string().min(1), name: z.string().nullable(), icon: z.string().nullable() }),
  /** The integration's bot user in that workspace (the author of what the integration writes). */
  botId: z.string().min(1),
  /** The Notion user who authorized, when the integration is user-owned (`owner: { type: 'user' }`). */
  ownerUserId: z.string().optional(),
});

/** The connection metadata this provider stores. */
export type NotionMetadata = z.output<typeof metadataSchema>;

const tokenAnswer = z.object({
  bot_id: z.string().min(1),
  workspace_id: z.string().min(1),
  workspace_name: z.string().nullish(),
  workspace_icon: z.string().nullish(),
  owner: z
    .object({ type: z.string(), user: z.object({ id: z.string().min(1), name: z.string().nullish() }).optional() })
    .optional(),
});

/**
 * Who authorized, from the token answer alone (Notion puts the workspace and the owner in it). The account id is
 * `<workspace id>:<owner user id>`: the person in the workspace is what a human means by "my Notion", and it stays
 * the same when they authorize again (a bot id names one authorization). A workspace-owned authorization has no
 * user, so its id is the workspace id.
 */
export function resolveAccount(context: AccountContext): AccountInfo<NotionMetadata> {
  const parsed = tokenAnswer.safeParse(context.tokenResponse ?? {});
  if (!parsed.success) {
    throw new ProviderError('provider_error', 'The Notion token answer lacks bot_id or workspace_id.');
  }
  const { bot_id: botId, workspace_id: workspaceId, workspace_name, workspace_icon, owner } = parsed.data;
  const user = owner?.type === 'user' ? owner.user : undefined;
  return {
    id: user ? `${workspaceId}:${user.id}` : workspaceId,
    name: workspace_name ?? user?.name ?? undefined,
    metadata: {
      workspace: { id: workspaceId, name: workspace_name ?? null, icon: workspace_icon ?? null },
      botId,
      ...(user ? { ownerUserId: user.id } : {}),
    },
  };
}
