import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the upstream received. */
export interface UpstreamHit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A provider's API on loopback, standing in for the real one: records every hit, answers a few scripted
 * behaviours (echo, big bodies, slowness, redirects, 503 with Retry-After, 401 until the token is refreshed),
 * and issues tokens from a refresh grant.
 */
export async function startUpstream() {
  const hits: UpstreamHit[] = [];
  const state = { currentToken: 'access-1', tokenCount: 1, flakyLeft: 0, retryAfter: '0' };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://upstream');
    hits.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
    const json = (status: number, value: unknown, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/token') {
      state.tokenCount += 1;
      state.currentToken = `access-${state.tokenCount}`;
      return json(200, { access_token: state.currentToken, token_type: 'Bearer', expires_in: 3600 });
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    switch (url.pathname) {
      case '/api/me':
        return json(200, { id: 'acct-1', name: 'Upstream User' });
      case '/api/echo':
        return json(
          201,
          { method: req.method, path: url.pathname, query: url.search, headers: req.headers, body },
          {
            'set-cookie': ['session=leak; Path=/', 'other=1'],
            connection: 'x-hop-header',
            'x-hop-header': 'should-not-pass',
            'keep-alive': 'timeout=5',
            'x-provider-header': 'passes',
          },
        );
      case '/api/hostile-headers':
        // An HTML error page with every header the hub must not pass to a browser on its own origin.
        res.writeHead(400, {
          'content-type': 'text/html',
          'access-control-allow-origin': '*',
          'access-control-allow-credentials': 'true',
          'access-control-allow-headers': 'authorization',
          'access-control-expose-headers': 'x-secret',
          'www-authenticate': 'Bearer realm="provider"',
          'set-cookie': 'session=leak',
          'set-cookie2': 'legacy=leak',
          'content-security-policy': "default-src *; script-src 'unsafe-inline'",
          'content-security-policy-report-only': 'default-src *; report-uri https://provider.example/r',
          'x-content-type-options': 'none',
          link: ['</a>; rel=next', '</b>; rel=last'],
        });
        return res.end('<script>alert(document.domain)</script>');
      case '/api/big': {
        const size = Number(url.searchParams.get('bytes') ?? 1000);
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(size) });
        return res.end('x'.repeat(size));
      }
      case '/api/stream-big':
        // No Content-Length: the proxy can only count as the bytes flow.
        res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 64; i += 1) res.write('y'.repeat(1024));
        return res.end();
      case '/api/slow':
        return setTimeout(() => json(200, { late: true }), 5_000);
      case '/api/redirect':
        res.writeHead(302, { location: 'https://elsewhere.example/steal' });
        return res.end();
      case '/api/flaky':
        if (state.flakyLeft > 0) {
          state.flakyLeft -= 1;
          return json(503, { error: 'busy' }, { 'retry-after': state.retryAfter });
        }
        return json(200, { ok: true });
      case '/api/always-401':
        return json(401, { error: 'invalid_token' });
      case '/api/fresh-only':
        if (bearer !== state.currentToken) return json(401, { error: 'invalid_token' });
        return json(200, { token: 'accepted' });
      default:
        return json(404, { error: 'not_found', path: url.pathname });
    }
  });
  // Idle keep-alive sockets stay open for the whole test: a server closing one just as the engine reuses it
  // would reset a request the test did not mean to disturb.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    state,
    /** Makes the token the hub holds stale: the provider now wants a newer one. */
    rotateToken() {
      state.tokenCount += 1;
      state.currentToken = `access-${state.tokenCount}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
