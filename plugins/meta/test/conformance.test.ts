import { createHmac } from 'node:crypto';
import { type FakeProvider, type IssuedTokens, testProvider } from '@plugboard/plugin-kit';
import { expect } from 'vitest';
import meta from '../src/index.js';
import {
  IG_ACCOUNT,
  shortLivedPageToken,
  startFacebookFake,
  startInstagramFake,
  VERSION,
} from './support/meta-fakes.js';

const graphError = (status: number, code: number) => ({
  status,
  body: { error: { message: 'Error validating access token', type: 'OAuthException', code, fbtrace_id: 'Ab' } },
});
// Meta's answers on its exchange endpoints: a dead token (190) and an outage (code 2, "unexpected error").
const errors = { invalidGrant: graphError(400, 190), serverError: graphError(500, 2) };

/**
 * The fake as the conformance kit gets it. The kit predates `afterExchange`: it takes a connection's token to be the
 * `authorization_code` entry of `issued`. Here that entry shows the long-lived token the code's token was exchanged
 * for (the one the connection holds); the code's own token follows as an entry of its own, so the canary sweep
 * still looks for it. Everything else is the fake itself.
 */
function asConnectionTokens(started: Awaited<ReturnType<typeof startFacebookFake>>): FakeProvider {
  const { fake } = started;
  const longLivedOf = (short: string) =>
    fake.issued.find((t) => t.grantType === 'fb_exchange_token' && started.exchangedFrom(t.accessToken) === short);
  return {
    ...fake,
    get issued(): IssuedTokens[] {
      return fake.issued.flatMap((entry) => {
        const long = entry.grantType === 'authorization_code' ? longLivedOf(entry.accessToken) : undefined;
        if (!long) return [entry];
        return [
          { ...entry, accessToken: long.accessToken },
          { ...entry, grantType: 'authorization_code (exchanged)' },
        ];
      });
    },
  };
}

let facebook: Awaited<ReturnType<typeof startFacebookFake>>;
testProvider(meta, {
  provider: 'facebook-pages',
  fake: async () => {
    facebook = await startFacebookFake();
    return asConnectionTokens(facebook);
  },
  options: (fake) => ({
    appId: fake.clientId,
    appSecret: fake.clientSecret,
    endpoints: { dialog: fake.origin, graph: fake.origin },
  }),
  expect: {
    scopes: ['pages_show_list', 'pages_read_engagement'],
    pkce: true,
    clientAuth: 'post',
    account: {
      id: '5550001',
      name: 'Patricia Boyle',
      metadata: {
        pages: [
          { id: '100000000000001', name: 'Zylker Page 1' },
          { id: '100000000000002', name: 'Zylker Page 2' },
        ],
        pagesTruncated: false,
      },
    },
    refresh: 'custom',
    refreshEndpoint: `GET /${VERSION}/oauth/access_token`,
    errors,
    // The kit knows RFC 7009 endpoints only: the revoke hook (DELETE /me/permissions, token in the Authorization
    // header) is tested in facebook-pages.test.ts.
    revocation: false,
    // The account step's requests: the long-lived exchange (signed with the code's token it exchanges), then
    // /me and /me/accounts signed with the long-lived token the connection keeps.
    signedRequest: (request, accessToken) => {
      const exchange = request.path === `/${VERSION}/oauth/access_token`;
      const token = exchange ? facebook.exchangedFrom(accessToken)! : accessToken;
      if (exchange) expect(request.query.get('fb_exchange_token')).toBe(token);
      expect(facebook.isLongLived(accessToken), 'the connection holds a long-lived token').toBe(true);
      expect(request.headers.authorization, request.path).toBe(`Bearer ${token}`);
      const proof = createHmac('sha256', facebook.appSecret).update(token).digest('hex');
      expect(request.query.get('appsecret_proof'), request.path).toBe(proof);
    },
    canaries: () => facebook.pages.flatMap((page) => [page.access_token, shortLivedPageToken(page)]),
  },
});

testProvider(meta, {
  provider: 'instagram',
  fake: async () => (await startInstagramFake()).fake,
  options: (fake) => ({
    appId: fake.clientId,
    appSecret: fake.clientSecret,
    endpoints: { authorize: fake.origin, token: fake.origin, graph: fake.origin },
  }),
  expect: {
    scopes: ['instagram_business_basic'],
    pkce: false,
    clientAuth: 'post',
    account: {
      id: IG_ACCOUNT.user_id,
      name: IG_ACCOUNT.username,
      metadata: { igUserId: IG_ACCOUNT.user_id, username: IG_ACCOUNT.username },
    },
    refresh: 'custom',
    // A fresh connection holds the code's short-lived token: its first refresh is the ig_exchange_token.
    refreshEndpoint: 'GET /access_token',
    errors,
    revocation: false,
  },
});
