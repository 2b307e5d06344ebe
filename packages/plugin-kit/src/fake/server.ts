import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { approveAuthorization, checkAuthorization } from './authorize.js';
import { requestParams } from './client-auth.js';
import { createInjections, playInjection } from './injections.js';
import { handleRevokeRequest } from './revoke-endpoint.js';
import { resolveSettings } from './settings.js';
import { handleTokenRequest, issuedEntry, mintGrant } from './token-endpoint.js';
import { createTokenStore } from './token-store.js';
import type { FakeProvider, FakeProviderOptions, FakeRequest, FakeResponse, IssuedTokens } from './types.js';
import { oauthError, readRequest, writeResponse } from './wire.js';

/** Starts a scriptable OAuth2 provider on loopback (an ephemeral port) that records every request. */
export async function createFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const settings = resolveSettings(options);
  const store = createTokenStore();
  const injections = createInjections();
  const requests: FakeRequest[] = [];
  const issued: IssuedTokens[] = [];
  const revoked: string[] = [];
  let origin = '';

  // The names `inject` accepts for a request, most specific first.
  const endpointNames = (request: FakeRequest): string[] => {
    const key = `${request.method} ${request.path}`;
    const { paths } = settings;
    if (request.method === 'POST' && request.path === paths.token) {
      return [`token:${requestParams(request).get('grant_type') ?? ''}`, 'token', key];
    }
    if (request.method === 'POST' && request.path === paths.revoke) return ['revoke', key];
    if (request.method === 'GET' && request.path === paths.authorize) return ['authorize', key];
    return [key];
  };

  const answer = async (request: FakeRequest): Promise<FakeResponse> => {
    const injection = injections.take(endpointNames(request));
    const injected = injection && (await playInjection(injection));
    if (injected) return injected;
    const { paths } = settings;
    if (request.method === 'POST' && request.path === paths.token) {
      return handleTokenRequest(request, settings, store, issued);
    }
    if (request.method === 'POST' && request.path === paths.revoke) {
      return handleRevokeRequest(request, settings, store, revoked);
    }
    if (request.method === 'GET' && request.path === paths.authorize) return autoApprove(request);
    const route = settings.routes[`${request.method} ${request.path}`];
    if (!route)
      return { status: 404, body: { error: 'not_found', message: `No route ${request.method} ${request.path}.` } };
    const token = bearerToken(request);
    return route({ ...request, token, tokenValid: token !== undefined && store.isLive(token) }, fake);
  };

  // A browser that follows the authorization URL (connect pages under test) is approved at once.
  const autoApprove = (request: FakeRequest): FakeResponse => {
    try {
      const url = new URL(`${origin}${request.path}?${request.query}`);
      const accepted = checkAuthorization(url, settings, origin);
      const callback = new URL(accepted.redirectUri);
      for (const [name, value] of Object.entries(approveAuthorization(accepted, store))) {
        callback.searchParams.set(name, value);
      }
      return { status: 302, headers: { location: callback.href } };
    } catch (error) {
      return oauthError(400, 'invalid_request', (error as Error).message);
    }
  };

  const server = createServer(async (incoming, res) => {
    const request = await readRequest(incoming);
    requests.push(request);
    try {
      writeResponse(res, await answer(request));
    } catch (error) {
      writeResponse(res, { status: 500, body: { error: 'server_error', message: (error as Error).message } });
    }
  });
  // Idle keep-alive sockets stay open for the whole test: a server closing one just as the engine reuses it
  // would reset a request the test did not mean to disturb.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeProvider = {
    origin,
    url: (path) => `${origin}${path}`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    async approve(authorizationUrl, extra) {
      return approveAuthorization(checkAuthorization(new URL(authorizationUrl), settings, origin), store, extra);
    },
    deny(authorizationUrl) {
      const { state } = checkAuthorization(new URL(authorizationUrl), settings, origin);
      return { error: 'access_denied', ...(state === undefined ? {} : { state }) };
    },
    inject: (endpoint, injection) => injections.add(endpoint, injection),
    clearInjections: () => injections.clear(),
    issued,
    revoked,
    isLive: (accessToken) => store.isLive(accessToken),
    issue(grantType, scopes = []) {
      const entry = issuedEntry(mintGrant(scopes, settings, store), grantType);
      issued.push(entry);
      return entry;
    },
    setAccessTokenTtl(seconds) {
      const previous = settings.accessTokenTtl;
      settings.accessTokenTtl = seconds;
      return previous;
    },
    setRefreshTokens(mode) {
      const previous = settings.refreshTokens;
      settings.refreshTokens = mode;
      return previous;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

// The credential of any Authorization scheme but Basic (Bearer, Zoho-oauthtoken, token), else Meta's access_token query parameter.
function bearerToken(request: FakeRequest): string | undefined {
  const match = /^(\S+)\s+(\S+)$/.exec(request.headers.authorization ?? '');
  if (match && match[1]!.toLowerCase() !== 'basic') return match[2];
  return request.query.get('access_token') ?? undefined;
}
