import { type AccountContext, ProviderError, readProviderJson } from '@plugboard/core';
import { z } from 'zod';

const userinfoSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
});

/** The Google account behind a token, as the OpenID Connect userinfo endpoint describes it. */
export type GoogleUser = z.output<typeof userinfoSchema>;

/** Reads who connected from userinfo; with an ID token, both must be about the same subject. */
export async function fetchGoogleUser(
  providerId: string,
  userinfoUrl: string,
  context: AccountContext,
): Promise<GoogleUser> {
  const user = await readProviderJson(context.fetch, userinfoUrl, userinfoSchema, { what: 'read userinfo' });
  const idTokenSubject = context.idTokenClaims?.sub;
  // OpenID Connect Core 5.3.2: a userinfo answer about another subject must not be used.
  if (idTokenSubject !== undefined && idTokenSubject !== user.sub) {
    throw new ProviderError('provider_error', providerId, 'The userinfo response is about another subject.');
  }
  return user;
}
