import { testProvider } from '@plugboard/plugin-kit';
import { expect } from 'vitest';
import github from '../src/index.js';
import { createFakeGitHub, fakeGitHubOptions, githubTokenError, OCTOCAT } from './support/fake-github.js';

// A GitHub App with expiring user tokens: the variant that refreshes. OAuth apps' tokens: token-expiry.test.ts.
testProvider(github, {
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
