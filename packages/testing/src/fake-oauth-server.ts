import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A minimal OAuth2 provider on loopback for the engine's own tests: codes bound to PKCE, tokens, /me, revoke. */
export async function startFakeOAuthServer(options: { accountId?: string; clientSecret?: string } = {}) {
  /** How the token endpoint answers refresh grants; tests switch it. */
  const behaviour = {
    refresh: 'keep' as 'keep' | 'rotate' | 'invalid_grant' | 'error500' | 'problem429' | 'hang',
    expiresIn: 3600,
    /** Sent as `refresh_token_expires_in` with every new refresh token, when set. */
    refreshTokenExpiresIn: undefined as number | undefined,
    delayMs: 0,
    /** While set, refresh grants wait for it before answering (a test decides when the provider answers). */
    gate: undefined as Promise<void> | undefined,
  };
  const refreshTokens = new Set<string>();
  const requests: RecordedRequest[] = [];
  const codes = new Map<string, { challenge: string | null; redirectUri: string; scope: string }>();
  const accessTokens = new Set<string>();
  const issued: { accessToken: string; refreshToken: string }[] = [];
  const secret = options.clientSecret ?? 'fake-client-secret';
  const state = { accountId: options.accountId ?? 'user-42' };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/token' && req.method === 'POST') {
      const params = new URLSearchParams(body);
      // RFC 6749 2.3.1: both halves of the Basic credentials are form-urlencoded first.
      const basic = Buffer.from(req.headers.authorization?.replace(/^Basic /, '') ?? '', 'base64').toString('utf8');
      const [id = '', password = ''] = basic.split(':').map((part) => decodeURIComponent(part.replaceAll('+', ' ')));
      if (id !== 'fake-client' || password !== secret) return json(401, { error: 'invalid_client' });
      const token = () => randomBytes(24).toString('base64url');
      if (params.get('grant_type') === 'authorization_code') {
        const code = codes.get(params.get('code') ?? '');
        codes.delete(params.get('code') ?? '');
        if (!code || code.redirectUri !== params.get('redirect_uri')) return json(400, { error: 'invalid_grant' });
        const verifier = params.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (code.challenge !== challenge) return json(400, { error: 'invalid_grant', error_description: 'PKCE' });
        const pair = { accessToken: `at-${token()}`, refreshToken: `rt-${token()}` };
        issued.push(pair);
        accessTokens.add(pair.accessToken);
        refreshTokens.add(pair.refreshToken);
        return json(200, {
          access_token: pair.accessToken,
          refresh_token: pair.refreshToken,
          refresh_token_expires_in: behaviour.refreshTokenExpiresIn,
          token_type: 'Bearer',
          expires_in: behaviour.expiresIn,
          scope: code.scope,
        });
      }
      if (params.get('grant_type') === 'refresh_token') {
        if (behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
        if (behaviour.gate) await behaviour.gate;
        if (behaviour.refresh === 'hang') return;
        if (behaviour.refresh === 'error500') return json(500, { error: 'server_error' });
        // Not an OAuth error body: what a gateway or an API-style error handler answers.
        if (behaviour.refresh === 'problem429') return json(429, { title: 'Too Many Requests', status: 429 });
        const presented = params.get('refresh_token') ?? '';
        // Imported tokens (rt-imported-*) are accepted as if issued earlier.
        const known = refreshTokens.has(presented) || presented.startsWith('rt-imported');
        if (behaviour.refresh === 'invalid_grant' || !known) return json(400, { error: 'invalid_grant' });
        const accessToken = `at-${token()}`;
        accessTokens.add(accessToken);
        if (behaviour.refresh === 'rotate') {
          refreshTokens.delete(presented);
          const refreshToken = `rt-${token()}`;
          refreshTokens.add(refreshToken);
          issued.push({ accessToken, refreshToken });
          return json(200, {
            access_token: accessToken,
            refresh_token: refreshToken,
            refresh_token_expires_in: behaviour.refreshTokenExpiresIn,
            token_type: 'Bearer',
            expires_in: behaviour.expiresIn,
            scope: 'read',
          });
        }
        issued.push({ accessToken, refreshToken: presented });
        return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: behaviour.expiresIn });
      }
      return json(400, { error: 'unsupported_grant_type' });
    }
    if (url.pathname === '/revoke' && req.method === 'POST') return json(200, {});
    if (url.pathname === '/api/me') {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (!accessTokens.has(token)) return json(401, { error: 'invalid_token' });
      return json(200, { id: state.accountId, name: 'Ada Lovelace' });
    }
    json(404, { error: 'not_found' });
  });
  // Idle keep-alive sockets stay open for the whole test: a server closing one just as the engine reuses it
  // would reset a request the test did not mean to disturb.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    behaviour,
    /** Holds refresh answers until the returned function is called (the test decides when the provider answers). */
    holdRefreshes() {
      let release!: () => void;
      behaviour.gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        behaviour.gate = undefined;
        release();
      };
    },
    /** Token requests of a grant type so far. */
    tokenRequests(grantType: string) {
      return requests.filter((r) => r.path === '/token' && new URLSearchParams(r.body).get('grant_type') === grantType)
        .length;
    },
    requests,
    issued,
    clientId: 'fake-client',
    clientSecret: secret,
    /** Which account the next /me answers with (to test reconnects of another account). */
    setAccount(id: string) {
      state.accountId = id;
    },
    /** Plays the user approving: issues a code for the authorization URL and returns the callback query. */
    approve(authorizationUrl: string): { code: string; state: string } {
      const url = new URL(authorizationUrl);
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        challenge: url.searchParams.get('code_challenge'),
        redirectUri: url.searchParams.get('redirect_uri') ?? '',
        scope: url.searchParams.get('scope') ?? '',
      });
      return { code, state: url.searchParams.get('state') ?? '' };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
