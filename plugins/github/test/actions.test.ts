import type { Connection } from '@plugboard/core';
import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import github from '../src/index.js';
import { createFakeGitHub, fakeGitHubOptions } from './support/fake-github.js';

describe('GitHub actions', () => {
  let fake: FakeProvider;
  let hub: TestHub;
  let connection: Connection;
  const run = (action: string, input: unknown) =>
    hub.hub.connections.runAction(hub.workspaceId, connection.id, action, input);

  beforeAll(async () => {
    fake = await createFakeGitHub('oauth-app');
    hub = await startTestHub([github(fakeGitHubOptions(fake))]);
    connection = await hub.connected('github', fake);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it("lists the user's repositories, newest first, with GitHub's headers", async () => {
    expect(await run('list-repos', { perPage: 50 })).toEqual({
      repositories: [
        {
          fullName: 'octocat/hello-world',
          private: false,
          description: 'My first repository on GitHub!',
          defaultBranch: 'main',
          url: 'https://github.com/octocat/hello-world',
          openIssues: 2,
          updatedAt: '2026-11-01T10:00:00Z',
        },
        {
          fullName: 'octo-org/secret-plans',
          private: true,
          description: null,
          defaultBranch: 'trunk',
          url: 'https://github.com/octo-org/secret-plans',
          openIssues: 0,
          updatedAt: '2026-10-01T10:00:00Z',
        },
      ],
    });
    const request = fake.requestsTo('/user/repos').at(-1)!;
    expect(Object.fromEntries(request.query)).toEqual({ sort: 'updated', per_page: '50', page: '1' });
    expect(request.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    });
  });

  it("lists a repository's issues without its pull requests", async () => {
    expect(await run('list-issues', { owner: 'octocat', repo: 'hello-world', state: 'all' })).toEqual({
      issues: [
        {
          number: 1347,
          title: 'Found a bug',
          state: 'open',
          author: 'octocat',
          labels: ['bug'],
          comments: 3,
          url: 'https://github.com/octocat/hello-world/issues/1347',
          createdAt: '2026-11-20T09:00:00Z',
          updatedAt: '2026-11-21T09:00:00Z',
        },
      ],
    });
    expect(fake.requestsTo('/repos/octocat/hello-world/issues').at(-1)!.query.get('state')).toBe('all');
  });

  it('refuses owners and names that could reshape the path, before any request', async () => {
    const before = fake.requests.length;
    for (const input of [
      { owner: '../user', repo: 'x' },
      { owner: 'octocat', repo: '..' },
      { owner: 'octocat', repo: 'a/b' },
      { owner: 'octocat', repo: 'x?y' },
    ]) {
      await expect(run('list-issues', input)).rejects.toMatchObject({ code: 'validation_error' });
    }
    expect(fake.requests).toHaveLength(before);
  });

  it("turns GitHub's error answers into classified errors", async () => {
    fake.inject('GET /repos/octocat/hello-world/issues', { status: 404, body: { message: 'Not Found' } });
    await expect(run('list-issues', { owner: 'octocat', repo: 'hello-world' })).rejects.toMatchObject({
      code: 'provider_error',
      message: expect.stringContaining('404'),
    });
    fake.inject('GET /user/repos', { status: 403, body: { message: 'API rate limit exceeded for user ID 1.' } });
    await expect(run('list-repos', {})).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
