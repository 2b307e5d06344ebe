import type { ProviderFactory } from '@plugboard/core';
import { testProvider } from '@plugboard/plugin-kit';
import { expect } from 'vitest';
import github from '../src/index.js';
import { createFakeGitHub, fakeGitHubOptions, githubTokenError, OCTOCAT } from './support/fake-github.js';

// The kit's revocation check knows RFC 7009 only (a revoke endpoint, the token endpoint's client auth). GitHub's
// own grant deletion (Basic client auth, a JSON body, the access token) is proven in revocation.test.ts, so the
// suite runs the plugin with that one hook switched off, and checks delete sends the tokens nowhere.
const withoutRevokeHook: ProviderFactory = Object.assign((options: unknown, context?: Parameters<typeof github>[1]) => {
  const provider = github(options as Parameters<typeof github>[0], context);
  if (provider.auth.type !== 'oauth2') throw new Error('expected OAuth2');
  return { ...provider, auth: { ...provider.auth, revoke: 'none' as const } };
}, github);

// A GitHub App with expiring user tokens: the variant that refreshes. OAuth apps' tokens: token-expiry.test.ts.
testProvider(withoutRevokeHook, {
  fake: () => createFakeGitHub('github-app'),
  options: fakeGitHubOptions,
  expect: {
    scopes: ['read:user'],
    pkce: true,
    clientAuth: 'post',
    account: { id: String(OCTOCAT.id), name: OCTOCAT.name, metadata: { login: OCTOCAT.login } },
    refresh: 'standard',
    errors: {
      invalidGrant: githubTokenError('bad_refresh_token', 'The refresh token passed is incorrect or expired.'),
    },
    revocation: false,
    signedRequest: (request, accessToken) => {
      expect(request.headers).toMatchObject({
        authorization: `Bearer ${accessToken}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
      });
    },
  },
});
