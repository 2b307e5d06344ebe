import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeProvider, type FakeProvider, type FakeRouteRequest } from '@plugboard/plugin-kit';

/** The CRM organization the fake data centre answers with. */
export const ORG = { id: '4400000000000012', company_name: 'Zylker Traders' };
/** The CRM user the fake signs in (CRM's current user). */
export const CURRENT_USER = { id: '4400000000000345', full_name: 'Patricia Boyle', email: 'patricia@zylker.example' };

// Zoho CRM's answer to a missing, expired or wrongly-schemed token.
const invalidToken = {
  status: 401,
  body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
};

/** True when a CRM request is signed the Zoho way with a live token (Zoho refuses `Bearer`). */
export function zohoSigned(request: FakeRouteRequest): boolean {
  return /^Zoho-oauthtoken \S+$/.test(request.headers.authorization ?? '') && request.tokenValid;
}

/**
 * One Zoho data centre as the docs describe it: /oauth/v2/auth, /oauth/v2/token and /oauth/v2/token/revoke with
 * every parameter in the query string, `api_domain` in token answers (no `scope`), no refresh-token rotation, and
 * the CRM org and current-user APIs on the same origin (tests set it as both the accounts and the API URL).
 */
export async function startZohoDataCentre(
  options: { apiDomain?: (fake: FakeProvider) => string; clientSecret?: string } = {},
): Promise<FakeProvider> {
  let self: FakeProvider | undefined;
  const fake = await createFakeProvider({
    clientId: '1000.ZOHOCLIENTID',
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    clientAuth: 'query',
    scopeSeparator: ',',
    refreshTokens: 'omit',
    paths: { authorize: '/oauth/v2/auth', token: '/oauth/v2/token', revoke: '/oauth/v2/token/revoke' },
    tokenResponse: ({ scope: _scope, ...standard }) => ({
      body: {
        ...standard,
        api_domain: options.apiDomain ? options.apiDomain(self!) : self!.origin,
      },
    }),
    routes: {
      'GET /crm/v8/org': (request) => (zohoSigned(request) ? { body: { org: [ORG] } } : invalidToken),
      'GET /crm/v8/users': (request) => {
        if (!zohoSigned(request)) return invalidToken;
        if (request.query.get('type') !== 'CurrentUser') return { body: { users: [] } };
        return { body: { users: [CURRENT_USER], info: { per_page: 200, count: 1, page: 1, more_records: false } } };
      },
    },
  });
  self = fake;
  return fake;
}

/** A loopback server that only records what reaches it: the attacker's host in the injection test. */
export async function startRecorder() {
  const seen: { method: string; url: string; body: string }[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    seen.push({ method: req.method ?? '', url: req.url ?? '', body });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'attacker-token', api_domain: 'http://attacker.invalid' }));
  });
  // Idle keep-alive sockets stay open for the whole test: a server closing one just as the engine reuses it
  // would reset a request the test did not mean to disturb.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
