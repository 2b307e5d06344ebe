import { createHmac, randomBytes } from 'node:crypto';
import { createFakeProvider, type FakeProvider, type FakeRouteRequest } from '@plugboard/plugin-kit';

/** The Graph API version the fakes serve. */
export const VERSION = 'v25.0';

/** Meta's long-lived user tokens last about 60 days (the docs' sample answer). */
export const LONG_LIVED_SECONDS = 5_183_944;

// Graph's answers to a bad token and a bad proof (error codes 190 and 100).
const graphError = (status: number, code: number, type: string, message: string) => ({
  status,
  body: { error: { message, type, code, fbtrace_id: 'AbCdEfGh' } },
});
const invalidToken = graphError(400, 190, 'OAuthException', 'Invalid OAuth access token - Cannot parse access token');
const badProof = graphError(400, 100, 'GraphMethodException', 'Invalid appsecret_proof provided in the API argument');

/** Mints a long-lived token the way Meta's exchange endpoints do, whatever the fake's current TTL is. */
function issueLongLived(fake: FakeProvider, grantType: string, ttl: number) {
  const previous = fake.setAccessTokenTtl(ttl);
  try {
    return fake.issue(grantType).accessToken;
  } finally {
    fake.setAccessTokenTtl(previous);
  }
}

/** A page the fake user manages, with its page token (a canary: it must never leave the hub). */
export interface FakePage {
  id: string;
  name: string;
  access_token: string;
  /** The Instagram business account linked to the page, if any. */
  instagram_business_account?: { id: string };
}

/** The Instagram business account linked to the fake's first page (the second has none). */
export const LINKED_IG_USER_ID = '17841400000000101';

/** The page token /me/accounts hands out for a short-lived user token (Meta makes it short-lived as well). */
export function shortLivedPageToken(page: FakePage): string {
  return `${page.access_token}-short-lived`;
}

/**
 * Facebook Login and the Graph API as documented: /vXX/dialog/oauth, the code exchange at /vXX/oauth/access_token
 * (client secret in the POST body, a short-lived token), GET /vXX/oauth/access_token?grant_type=fb_exchange_token
 * for long-lived tokens, /me and /me/accounts that refuse any call without a valid appsecret_proof, and
 * DELETE /me/permissions (de-authorizes the app: the token it is called with stops working). /me/accounts answers
 * a page's long-lived token (`access_token`) only to a long-lived user token, else `shortLivedPageToken(page)`.
 */
export async function startFacebookFake(options: { shortLivedSeconds?: number } = {}) {
  const appSecret = `fb-app-secret-canary-${randomBytes(12).toString('hex')}`;
  const state = { longLivedSeconds: LONG_LIVED_SECONDS };
  const pages: FakePage[] = [1, 2].map((n) => ({
    id: `10000000000000${n}`,
    name: `Zylker Page ${n}`,
    access_token: `page-token-canary-${n}-${randomBytes(12).toString('hex')}`,
    ...(n === 1 && { instagram_business_account: { id: LINKED_IG_USER_ID } }),
  }));
  /** Each long-lived token the exchange minted, with the token it was exchanged for. */
  const exchangedFrom = new Map<string, string>();
  /** Tokens DELETE /me/permissions was called with (and a valid appsecret_proof): dead from then on. */
  const deauthorized: string[] = [];
  const proofOk = (request: FakeRouteRequest) =>
    request.token !== undefined &&
    request.query.get('appsecret_proof') === createHmac('sha256', appSecret).update(request.token).digest('hex');
  const graph = (handler: (request: FakeRouteRequest) => unknown) => (request: FakeRouteRequest) => {
    if (!request.tokenValid || deauthorized.includes(request.token ?? '')) return invalidToken;
    if (!proofOk(request)) return badProof;
    return { body: handler(request) };
  };
  const fake = await createFakeProvider({
    clientId: '1234567890123456',
    clientSecret: appSecret,
    clientAuth: 'post',
    scopeSeparator: ',',
    refreshTokens: 'none',
    accessTokenTtl: options.shortLivedSeconds ?? 5400,
    paths: { authorize: `/${VERSION}/dialog/oauth`, token: `/${VERSION}/oauth/access_token`, revoke: null },
    // Facebook's code answer: no scope, no refresh token.
    tokenResponse: ({ access_token, expires_in }) => ({ body: { access_token, token_type: 'bearer', expires_in } }),
    routes: {
      [`GET /${VERSION}/oauth/access_token`]: (request, self) => {
        const query = request.query;
        if (query.get('grant_type') !== 'fb_exchange_token') return graphError(400, 100, 'OAuthException', 'grant');
        if (query.get('client_id') !== self.clientId || query.get('client_secret') !== appSecret) {
          return graphError(400, 1, 'OAuthException', 'Error validating client secret.');
        }
        const presented = query.get('fb_exchange_token') ?? '';
        if (!self.isLive(presented) || deauthorized.includes(presented)) return invalidToken;
        const token = issueLongLived(self, 'fb_exchange_token', state.longLivedSeconds);
        exchangedFrom.set(token, presented);
        return { body: { access_token: token, token_type: 'bearer', expires_in: state.longLivedSeconds } };
      },
      [`GET /${VERSION}/me`]: graph(() => ({ id: '5550001', name: 'Patricia Boyle' })),
      // Cursor paging as Graph does it: `limit` a page, `after` the last one's cursor, `next` only when more follow.
      [`GET /${VERSION}/me/accounts`]: graph((request) => {
        // `instagram_business_account{id}` asks for the field with its subfields.
        const fields = (request.query.get('fields') ?? 'id,name').split(',').map((field) => field.split('{')[0]);
        const longLived = exchangedFrom.has(request.token ?? '');
        const offset = Number(Buffer.from(request.query.get('after') ?? '', 'base64url').toString() || 0);
        const limit = Number(request.query.get('limit') ?? 25);
        const cursor = (at: number) => Buffer.from(String(at)).toString('base64url');
        const more = offset + limit < pages.length;
        return {
          data: pages
            .slice(offset, offset + limit)
            .map((page) => (longLived ? page : { ...page, access_token: shortLivedPageToken(page) }))
            .map((page) => Object.fromEntries(Object.entries(page).filter(([name]) => fields.includes(name)))),
          paging: {
            cursors: { before: cursor(offset), after: cursor(offset + limit) },
            ...(more && { next: `https://graph.facebook.com/${VERSION}/me/accounts?after=${cursor(offset + limit)}` }),
          },
        };
      }),
      [`DELETE /${VERSION}/me/permissions`]: graph((request) => {
        deauthorized.push(request.token ?? '');
        return { success: true };
      }),
    },
  });
  return {
    fake,
    appSecret,
    pages,
    state,
    deauthorized,
    /** Whether a token is a long-lived one the fb_exchange_token grant minted. */
    isLongLived: (token: string) => exchangedFrom.has(token),
    /** The token a long-lived one was exchanged for. */
    exchangedFrom: (token: string) => exchangedFrom.get(token),
  };
}

/** The Instagram professional account the fake signs in. */
export const IG_ACCOUNT = { user_id: '17841400000000001', username: 'zylker.traders', id: '7040000000000001' };

/**
 * Instagram API with Instagram Login as documented, its three hosts on one origin: /oauth/authorize,
 * POST /oauth/access_token (form body with the client secret; `{ data: [{ access_token, user_id, permissions }] }`),
 * GET /access_token?grant_type=ig_exchange_token, GET /refresh_access_token?grant_type=ig_refresh_token (long-lived
 * tokens only), and /vXX/me.
 */
export async function startInstagramFake() {
  const appSecret = `ig-app-secret-canary-${randomBytes(12).toString('hex')}`;
  const longLived = new Set<string>();
  const tokenAnswer = (self: FakeProvider, grantType: string) => {
    const token = issueLongLived(self, grantType, LONG_LIVED_SECONDS);
    longLived.add(token);
    return { body: { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_SECONDS } };
  };
  const fake = await createFakeProvider({
    clientId: '990602627938098',
    clientSecret: appSecret,
    clientAuth: 'post',
    pkce: 'none',
    scopeSeparator: ',',
    refreshTokens: 'none',
    accessTokenTtl: 3600,
    paths: { authorize: '/oauth/authorize', token: '/oauth/access_token', revoke: null },
    tokenResponse: ({ access_token, scope }) => ({
      body: { data: [{ access_token, user_id: IG_ACCOUNT.user_id, permissions: scope }] },
    }),
    routes: {
      'GET /access_token': (request, self) => {
        const query = request.query;
        if (query.get('grant_type') !== 'ig_exchange_token' || query.get('client_secret') !== appSecret) {
          return graphError(400, 100, 'OAuthException', 'Invalid exchange request');
        }
        const presented = query.get('access_token') ?? '';
        if (!self.isLive(presented) || longLived.has(presented)) return invalidToken;
        return tokenAnswer(self, 'ig_exchange_token');
      },
      'GET /refresh_access_token': (request, self) => {
        const query = request.query;
        const presented = query.get('access_token') ?? '';
        if (query.get('grant_type') !== 'ig_refresh_token') return graphError(400, 100, 'OAuthException', 'grant');
        if (!self.isLive(presented) || !longLived.has(presented)) return invalidToken;
        return tokenAnswer(self, 'ig_refresh_token');
      },
      [`GET /${VERSION}/me`]: (request) => (request.tokenValid ? { body: IG_ACCOUNT } : invalidToken),
    },
  });
  return { fake, appSecret, longLived };
}
