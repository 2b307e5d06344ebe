import { createFakeProvider, type FakeProvider } from '@plugboard/plugin-kit';

/** The user the fake X signs in. */
export const X_USER = { id: '2244994945', name: 'X Developers', username: 'XDevelopers' };

/**
 * A fake X shaped like the real one (docs.x.com OAuth 2.0 Authorization Code with PKCE): its paths, PKCE S256
 * required, HTTP Basic client auth (confidential client), two-hour tokens, rotating refresh tokens, revocation,
 * and GET /2/users/me answering `{ data: { id, name, username } }` or X's problem-details 401.
 */
export function createXFake(): Promise<FakeProvider> {
  return createFakeProvider({
    clientId: 'rG9n6402A3dbUJKzXTNX4oWHJ',
    clientAuth: 'basic',
    pkce: 'required',
    accessTokenTtl: 7200,
    refreshTokens: 'rotate',
    paths: { authorize: '/i/oauth2/authorize', token: '/2/oauth2/token', revoke: '/2/oauth2/revoke' },
    tokenResponse: (standard) => ({ body: { ...standard, token_type: 'bearer' } }),
    routes: {
      'GET /2/users/me': ({ tokenValid }) =>
        tokenValid
          ? { body: { data: X_USER } }
          : { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } },
    },
  });
}

/** X's answer to a used, revoked or expired refresh token: `invalid_request`, where RFC 6749 says `invalid_grant`. */
export const X_DEAD_TOKEN = {
  status: 400,
  body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
};

/** The plugin's options pointing every endpoint at the fake X. */
export const xOptions = (fake: FakeProvider) => ({
  clientId: fake.clientId,
  clientSecret: fake.clientSecret,
  authorizationUrl: fake.url('/i/oauth2/authorize'),
  tokenUrl: fake.url('/2/oauth2/token'),
  revocationUrl: fake.url('/2/oauth2/revoke'),
  apiBaseUrl: fake.url('/2'),
});
