import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** The end user the fixture signs in by default. */
export interface OidcAccount {
  sub: string;
  name: string;
  email: string;
}

/** Options of `startOidcServer`. */
export interface OidcServerOptions {
  /** Redirect URIs registered for the confidential client. */
  redirectUris?: string[];
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime in seconds (default 3600); short values let tests exercise refresh. */
  accessTokenTtl?: number;
  /** The account `approve` signs in as by default. */
  account?: OidcAccount;
  /**
   * oidc-provider's default (true) puts only `sub` in an ID token issued next to an access token;
   * false (the fixture's default) puts the profile and email claims in it too, like most hosted providers.
   */
  conformIdTokenClaims?: boolean;
}

/** A running oidc-provider on loopback, and the end user's side of its consent flow. */
export interface OidcServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  account: OidcAccount;
  /** A plain-OAuth2 "who am I" API (any scope): oidc-provider's own userinfo insists on `openid`. */
  apiMeUrl: string;
  /** Token-endpoint requests seen so far (successful or not) with this `grant_type`. */
  tokenRequests(grantType: string): number;
  /** Requests seen so far on this path, e.g. `/me` for the userinfo endpoint. */
  requests(pathname: string): number;
  /**
   * Plays the end user: follows the authorization URL, signs in (as `login`, default the account's
   * sub) and grants consent, keeping cookies. Returns the final redirect to the client, unrequested.
   */
  approve(authorizationUrl: string, options?: { login?: string }): Promise<URL>;
  /** Sets the lifetime, in seconds, of access tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  close(): Promise<void>;
}

const DEFAULT_ACCOUNT: OidcAccount = { sub: 'user-4711', name: 'Ada Lovelace', email: 'ada@example.test' };

/** Starts oidc-provider v9 on 127.0.0.1 (random port, plain http) with one confidential client. */
export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const account = options.account ?? DEFAULT_ACCOUNT;
  const accessTokenTtl = { seconds: options.accessTokenTtl ?? 3600 };
  const clientId = options.clientId ?? 'plugboard-test';
  const clientSecret = options.clientSecret ?? `secret-${randomUUID()}`;
  const tokenCounts = new Map<string, number>();
  const pathCounts = new Map<string, number>();

  // The issuer URL needs the port, so the server listens before the provider exists.
  let handler: RequestListener = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    pathCounts.set(pathname, (pathCounts.get(pathname) ?? 0) + 1);
    handler(req, res);
  });
  // Idle keep-alive sockets stay open for the whole test: a server closing one just as the engine reuses it
  // would reset a request the test did not mean to disturb.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const claimsOf = (sub: string) =>
    sub === account.sub
      ? { ...account, preferred_username: sub, email_verified: true }
      : { sub, name: sub, preferred_username: sub, email: `${sub}@example.test`, email_verified: true };

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris ?? [`${issuer}/unused-callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: () => claimsOf(sub) };
    },
    features: {
      devInteractions: { enabled: true },
      // A client may revoke its own tokens only (oidc-provider's default rule, stated to silence its notice).
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
    },
    pkce: { required: () => true },
    // Every code flow gets a refresh token, with or without `offline_access` (which needs prompt=consent).
    issueRefreshToken: () => true,
    rotateRefreshToken: true,
    conformIdTokenClaims: options.conformIdTokenClaims ?? false,
    // Every lifetime is set so oidc-provider does not print a notice for each default it falls back to.
    ttl: {
      // A function, so tests can shorten or lengthen the lifetime of the next tokens while the server runs.
      AccessToken: () => accessTokenTtl.seconds,
      Grant: 86_400,
      IdToken: 3600,
      Interaction: 600,
      RefreshToken: 86_400,
      Session: 86_400,
    },
  };
  const provider = new Provider(issuer, configuration);

  const countGrant = (ctx: KoaContextWithOIDC) => {
    const grantType = String(ctx.oidc.params?.grant_type ?? 'unknown');
    tokenCounts.set(grantType, (tokenCounts.get(grantType) ?? 0) + 1);
  };
  provider.on('grant.success', countGrant);
  provider.on('grant.error', countGrant);

  provider.use(async (ctx, next) => {
    if (ctx.path !== '/api/me') return next();
    const token = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1];
    const accessToken = token ? await provider.AccessToken.find(token) : undefined;
    if (!accessToken?.accountId) {
      ctx.status = 401;
      ctx.body = { error: 'invalid_token' };
      return;
    }
    ctx.body = claimsOf(accessToken.accountId);
  });

  handler = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret,
    account,
    apiMeUrl: `${issuer}/api/me`,
    tokenRequests: (grantType) => tokenCounts.get(grantType) ?? 0,
    requests: (pathname) => pathCounts.get(pathname) ?? 0,
    approve: (authorizationUrl, approveOptions) =>
      playEndUser(issuer, authorizationUrl, approveOptions?.login ?? account.sub),
    setAccessTokenTtl(seconds) {
      accessTokenTtl.seconds = seconds;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Follows redirects and devInteractions forms on the issuer until it redirects elsewhere (the client). */
async function playEndUser(issuer: string, authorizationUrl: string, login: string): Promise<URL> {
  const origin = new URL(issuer).origin;
  const cookies = new Map<string, string>();
  let request: { url: URL; body?: URLSearchParams } = { url: new URL(authorizationUrl) };

  // login form, consent form and the redirects between them take well under 20 steps
  for (let step = 0; step < 20; step++) {
    if (request.url.origin !== origin) return request.url;
    const response = await fetch(request.url, {
      method: request.body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      ...(request.body ? { body: request.body } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      request = { url: new URL(location, request.url) };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`approve: ${request.url} answered ${response.status}: ${html}`);
    request = { url: new URL(formAction(html), request.url), body: formBody(html, login) };
  }
  throw new Error('approve: too many steps without a redirect to the client');
}

/** The devInteractions page's form target (login and consent pages have exactly one form). */
function formAction(html: string): string {
  const action = /<form[^>]*\saction="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`approve: no form on the interaction page: ${html}`);
  return action.replaceAll('&amp;', '&');
}

/** Fields of the devInteractions form: `prompt=login` takes any login and password; `prompt=consent` just confirms. */
function formBody(html: string, login: string): URLSearchParams {
  const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
  if (prompt === 'login') return new URLSearchParams({ prompt, login, password: 'any' });
  if (prompt === 'consent') return new URLSearchParams({ prompt });
  throw new Error(`approve: unexpected interaction prompt ${prompt}`);
}
