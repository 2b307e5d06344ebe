import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake authorization server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Distinctive values a test can look for everywhere they must never appear. */
export interface Canaries {
  accessToken: string;
  refreshToken: string;
  clientSecret: string;
}

/**
 * A tiny OAuth2 authorization server on loopback, standing in for the provider: it approves every
 * authorization request, exchanges codes for the canary tokens, and answers `/api/me`.
 */
export async function startFakeAuthorizationServer() {
  const canaries: Canaries = {
    accessToken: `at-canary-${randomBytes(12).toString('hex')}`,
    refreshToken: `rt-canary-${randomBytes(12).toString('hex')}`,
    clientSecret: `cs-canary-${randomBytes(12).toString('hex')}`,
  };
  const requests: RecordedRequest[] = [];
  const codes = new Set<string>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/token') {
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const code = form.get('code') ?? '';
      if (!codes.delete(code)) return json(400, { error: 'invalid_grant' });
      return json(200, {
        access_token: canaries.accessToken,
        refresh_token: canaries.refreshToken,
        // As providers with expiring refresh tokens say it (GitHub apps, Microsoft): 90 days.
        refresh_token_expires_in: 7_776_000,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'read write',
      });
    }
    if (url.pathname === '/api/me') {
      if (req.headers.authorization !== `Bearer ${canaries.accessToken}`) return json(401, { error: 'unauthorized' });
      return json(200, { id: 'user-42', name: 'Ada Lovelace' });
    }
    if (url.pathname === '/api/big') {
      if (req.headers.authorization !== `Bearer ${canaries.accessToken}`) return json(401, { error: 'unauthorized' });
      return json(200, {
        items: Array.from({ length: Number(url.searchParams.get('n') ?? 1000) }, (_, i) => `item-${i}`),
      });
    }
    if (url.pathname === '/revoke') return json(200, {});
    json(404, { error: 'not_found' });
  });
  // Idle keep-alive sockets stay open for the whole test: a server closing one just as the engine reuses it
  // would reset a request the test did not mean to disturb.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    canaries,
    requests,
    /** What the user's browser would bring back to the callback after approving at `authorizationUrl`. */
    approve(authorizationUrl: string): { code: string; state: string } {
      const url = new URL(authorizationUrl);
      const code = `code-${randomBytes(8).toString('hex')}`;
      codes.add(code);
      return { code, state: url.searchParams.get('state') ?? '' };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
