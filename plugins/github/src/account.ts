import { type AccountContext, type AccountInfo, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

/** Non-secret data kept on a GitHub connection: the user's login (it can change; the id cannot). */
export const metadataSchema = z.object({ login: z.string() });

/** The metadata of a GitHub connection. */
export type GitHubMetadata = z.output<typeof metadataSchema>;

const userSchema = z.object({
  id: z.number().int().positive(),
  login: z.string().min(1),
  name: z.string().nullish(),
});

/** Who connected, from `GET /user`; GitHub's numeric id becomes the account id, the login names it when no name is set. */
export async function fetchGitHubAccount(context: AccountContext): Promise<AccountInfo<GitHubMetadata>> {
  const user = await readProviderJson(context.fetch, 'user', userSchema, { what: 'look up the GitHub user' });
  return { id: String(user.id), name: user.name || user.login, metadata: { login: user.login } };
}
