import {
  basicCredentials,
  createFakeProvider,
  type FakeProvider,
  type FakeProviderOptions,
  type FakeResponse,
} from '@plugboard/plugin-kit';

/** The GitHub user the fake signs in: a numeric id, and a login that is not the display name. */
export const OCTOCAT = {
  login: 'octocat',
  id: 583231,
  node_id: 'MDQ6VXNlcjU4MzIzMQ==',
  type: 'User',
  name: 'The Octocat',
  email: null,
};

/** Repositories `GET /user/repos` answers (fields trimmed to those the actions read, plus some they drop). */
export const REPOS = [
  {
    id: 1296269,
    full_name: 'octocat/hello-world',
    private: false,
    description: 'My first repository on GitHub!',
    default_branch: 'main',
    html_url: 'https://github.com/octocat/hello-world',
    open_issues_count: 2,
    updated_at: '2026-11-01T10:00:00Z',
    permissions: { admin: true },
  },
  {
    id: 1300192,
    full_name: 'octo-org/secret-plans',
    private: true,
    description: null,
    default_branch: 'trunk',
    html_url: 'https://github.com/octo-org/secret-plans',
    open_issues_count: 0,
    updated_at: '2026-10-01T10:00:00Z',
  },
];

/** `GET /repos/octocat/hello-world/issues`: an issue, and a pull request (GitHub lists both). */
export const ISSUES = [
  {
    number: 1347,
    title: 'Found a bug',
    state: 'open',
    user: { login: 'octocat', id: 583231 },
    labels: [{ id: 208045946, name: 'bug', color: 'f29513' }],
    comments: 3,
    html_url: 'https://github.com/octocat/hello-world/issues/1347',
    created_at: '2026-11-20T09:00:00Z',
    updated_at: '2026-11-21T09:00:00Z',
  },
  {
    number: 1348,
    title: 'Fix the bug',
    state: 'open',
    user: { login: 'hubot', id: 2 },
    labels: [],
    comments: 0,
    html_url: 'https://github.com/octocat/hello-world/pull/1348',
    created_at: '2026-11-22T09:00:00Z',
    updated_at: '2026-11-22T09:00:00Z',
    pull_request: { url: 'https://api.github.com/repos/octocat/hello-world/pulls/1348' },
  },
];

/** How the fake issues user access tokens: a GitHub App's expiring ones, or an OAuth app's that never expire. */
export type GitHubTokenKind = 'github-app' | 'oauth-app';

const documentation = 'https://docs.github.com/rest';

// GitHub answers form-encoded unless the client asks for JSON, and spells its token type in lower case.
function githubTokenAnswer(kind: GitHubTokenKind): FakeProviderOptions['tokenResponse'] {
  return (standard, { request }) => {
    const body: Record<string, unknown> = { ...standard, token_type: 'bearer' };
    if (kind === 'github-app') {
      // A GitHub App's permissions live on the app: the scope is empty. Its refresh token lasts six months.
      body.scope = '';
      if (body.refresh_token) body.refresh_token_expires_in = 15_897_600;
    } else {
      body.scope = String(standard.scope ?? '')
        .split(' ')
        .join(',');
    }
    if ((request.headers.accept ?? '').includes('application/json')) return { body };
    const form = new URLSearchParams(Object.entries(body).map(([name, value]) => [name, String(value)]));
    return { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } };
  };
}

/** GitHub's error answer of the token endpoint: HTTP 200 with `{ error, error_description, error_uri }`. */
export function githubTokenError(error: string, description: string): FakeResponse {
  return {
    status: 200,
    body: { error, error_description: description, error_uri: `https://docs.github.com/apps/troubleshooting#${error}` },
  };
}

const userAgentRequired: FakeResponse = {
  status: 403,
  body: {
    message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header',
    documentation_url: documentation,
  },
};

/** The client id the fake knows, shaped like a GitHub App's (the dot must survive the grant URL). */
export const FAKE_GITHUB_CLIENT_ID = 'Iv1.fa4e0123456789ab';

/** The path of GitHub's grant deletion for the fake's client: `DELETE /applications/{client_id}/grant`. */
export const GRANT_PATH = `/applications/${FAKE_GITHUB_CLIENT_ID}/grant`;

/**
 * A fake github.com + api.github.com: client_secret_post, PKCE, the token endpoint's quirks, `GET /user`, and
 * `DELETE /applications/{client_id}/grant` (HTTP Basic client auth, `{ access_token }` body, 204), whose revoked
 * access tokens land in `fake.revoked` and get 401 from `GET /user` afterwards.
 */
export function createFakeGitHub(
  kind: GitHubTokenKind,
  options: Partial<FakeProviderOptions> = {},
): Promise<FakeProvider> {
  return createFakeProvider({
    clientId: FAKE_GITHUB_CLIENT_ID,
    clientAuth: 'post',
    pkce: 'required',
    accessTokenTtl: kind === 'github-app' ? 28_800 : null,
    refreshTokens: kind === 'github-app' ? 'rotate' : 'none',
    paths: { authorize: '/login/oauth/authorize', token: '/login/oauth/access_token', revoke: null },
    tokenResponse: githubTokenAnswer(kind),
    routes: {
      // docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user
      'GET /user/repos': ({ tokenValid }) =>
        tokenValid
          ? { body: REPOS }
          : { status: 401, body: { message: 'Bad credentials', documentation_url: documentation } },
      // docs.github.com/rest/issues/issues#list-repository-issues: pull requests come back as issues too.
      'GET /repos/octocat/hello-world/issues': ({ tokenValid }) =>
        tokenValid
          ? { body: ISSUES }
          : { status: 401, body: { message: 'Bad credentials', documentation_url: documentation } },
      'GET /user': ({ tokenValid, token, headers }, fake) => {
        if (!headers['user-agent']) return userAgentRequired;
        if (!tokenValid || fake.revoked.includes(token ?? ''))
          return { status: 401, body: { message: 'Bad credentials', documentation_url: documentation, status: '401' } };
        return { body: OCTOCAT, headers: { 'x-github-media-type': 'github.v3; format=json' } };
      },
      // docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization
      [`DELETE ${GRANT_PATH}`]: ({ headers, json }, fake) => {
        if (!headers['user-agent']) return userAgentRequired;
        const client = basicCredentials(headers.authorization);
        // GitHub answers 404 rather than say which part of the client credentials was wrong.
        if (client?.id !== fake.clientId || client.secret !== fake.clientSecret)
          return { status: 404, body: { message: 'Not Found', documentation_url: documentation, status: '404' } };
        const token = (json as { access_token?: unknown } | undefined)?.access_token;
        if (typeof token !== 'string' || !fake.isLive(token) || fake.revoked.includes(token)) {
          return {
            status: 422,
            body: { message: 'Validation Failed', documentation_url: documentation, status: '422' },
          };
        }
        fake.revoked.push(token);
        return { status: 204 };
      },
    },
    ...options,
  });
}

/** The provider options that point GitHub's endpoints at the fake. */
export function fakeGitHubOptions(fake: FakeProvider) {
  return {
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    authorizationUrl: fake.url('/login/oauth/authorize'),
    tokenUrl: fake.url('/login/oauth/access_token'),
    apiBaseUrl: fake.url('/'),
  };
}
