import { createHmac } from 'node:crypto';
import { testProvider } from '@plugboard/plugin-kit';
import { expect } from 'vitest';
import meta from '../src/index.js';
import { IG_ACCOUNT, startFacebookFake, startInstagramFake, VERSION } from './support/meta-fakes.js';

const graphError = (status: number, code: number) => ({
  status,
  body: { error: { message: 'Error validating access token', type: 'OAuthException', code, fbtrace_id: 'Ab' } },
});
// Meta's answers on its exchange endpoints: a dead token (190) and an outage (code 2, "unexpected error").
const errors = { invalidGrant: graphError(400, 190), serverError: graphError(500, 2) };

let facebook: Awaited<ReturnType<typeof startFacebookFake>>;
testProvider(meta, {
  provider: 'facebook-pages',
  fake: async () => {
    facebook = await startFacebookFake();
    return facebook.fake;
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
    account: { id: '5550001', name: 'Patricia Boyle', metadata: {} },
    refresh: 'custom',
    refreshEndpoint: `GET /${VERSION}/oauth/access_token`,
    errors,
    revocation: false,
    signedRequest: (request, accessToken) => {
      expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
      const proof = createHmac('sha256', facebook.appSecret).update(accessToken).digest('hex');
      expect(request.query.get('appsecret_proof'), request.path).toBe(proof);
    },
    canaries: () => facebook.pages.map((page) => page.access_token),
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
