import { type AccountContext, type AccountInfo, ProviderError, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

const named = z.object({ id: z.string().min(1), name: z.string() });

/** Non-secret install data kept on the connection. */
export const metadataSchema = z.object({
  team: named.extend({ domain: z.string().optional() }),
  /** Set for Enterprise Grid installs. */
  enterprise: named.optional(),
  /** The Slack user who installed the app. */
  userId: z.string().min(1),
  botUserId: z.string().optional(),
  appId: z.string().optional(),
});

/** The connection metadata this provider stores. */
export type SlackMetadata = z.output<typeof metadataSchema>;

const authTestAnswer = z.object({ ok: z.literal(true), url: z.string().optional() });

const tokenAnswer = z.object({
  team: named.nullish(),
  enterprise: named.nullish(),
  authed_user: z.object({ id: z.string().min(1) }),
  bot_user_id: z.string().optional(),
  app_id: z.string().optional(),
});

/**
 * Who installed the app, from the oauth.v2.access answer, plus the workspace's domain from auth.test (which
 * needs no scope). An org-wide Enterprise Grid install has no team: the enterprise stands in for it. The account
 * id is `<team id>:<user id>`: the bot token is per workspace, but the user token is per person, so two people
 * installing into one workspace get two connections and never overwrite each other's user token.
 */
export async function resolveAccount(context: AccountContext): Promise<AccountInfo<SlackMetadata>> {
  const parsed = tokenAnswer.safeParse(context.tokenResponse ?? {});
  const team = parsed.success ? (parsed.data.team ?? parsed.data.enterprise) : undefined;
  if (!parsed.success || !team) {
    throw new ProviderError('provider_error', 'The Slack token answer names no team and no installing user.');
  }
  const { enterprise, authed_user: user, bot_user_id: botUserId, app_id: appId } = parsed.data;
  return {
    id: `${team.id}:${user.id}`,
    name: team.name,
    metadata: {
      team: { ...team, domain: await teamDomain(context) },
      ...(enterprise ? { enterprise } : {}),
      userId: user.id,
      ...(botUserId ? { botUserId } : {}),
      ...(appId ? { appId } : {}),
    },
  };
}

/** `acme` from auth.test's `url: "https://acme.slack.com/"`. */
async function teamDomain(context: AccountContext): Promise<string | undefined> {
  const body = await readProviderJson(context.fetch, '/auth.test', authTestAnswer, {
    method: 'POST',
    what: 'read the workspace (auth.test)',
  });
  return body.url ? new URL(body.url).hostname.split('.')[0] : undefined;
}
