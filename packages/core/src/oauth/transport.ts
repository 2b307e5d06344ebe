import * as oauth from 'oauth4webapi';
import type { OAuth2Auth, Provider } from '../contract/types.js';
import type { ResolvedClient } from '../tenancy/oauth-apps.js';
import type { ResolvedServer } from './authorization-server.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain http is allowed only on loopback (the built-in sandbox, local fakes); everything else must be https. */
export function insecureAllowed(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/** The parts of a token request shared by the code, refresh and revocation requests. */
export interface TokenRequestParts {
  provider: Provider<unknown>;
  auth: OAuth2Auth;
  server: ResolvedServer;
  client: ResolvedClient;
  fetch: typeof globalThis.fetch;
  /** Timeout of each request to the authorization server. */
  timeoutMs: number;
}

/** Request options for oauth4webapi: our fetch, adapted to the provider's token request quirks, with a timeout. */
export function requestOptions(parts: TokenRequestParts, endpoint: string) {
  return {
    [oauth.customFetch]: adaptTokenRequest(parts.auth, parts.fetch, parts.client),
    [oauth.allowInsecureRequests]: insecureAllowed(new URL(endpoint)),
    signal: AbortSignal.timeout(parts.timeoutMs),
  };
}

/** How the client authenticates, per the provider's declared method (`query` is adapted on the wire). */
export function clientAuthentication(auth: OAuth2Auth, clientSecret: string | undefined): oauth.ClientAuth {
  if (!clientSecret || auth.clientAuth === 'query') return oauth.None();
  return auth.clientAuth === 'post' ? oauth.ClientSecretPost(clientSecret) : basicAuthentication(clientSecret);
}

// RFC 6749 2.3.1 form-urlencodes both halves before base64. oauth4webapi also escapes `-`, `.`, `_` and `~`,
// which providers that base64-decode without url-decoding (Notion, Slack) then refuse; encodeURIComponent leaves
// those alone, so ordinary ids and secrets arrive the same either way, and others still follow the RFC.
function basicAuthentication(clientSecret: string): oauth.ClientAuth {
  return (_as, client, _body, headers) => {
    const credentials = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(clientSecret)}`;
    headers.set('authorization', `Basic ${Buffer.from(credentials).toString('base64')}`);
  };
}

// oauth4webapi speaks RFC 6749 (form bodies, secret in a header or the body). Some providers want the
// parameters as JSON (Notion) or in the query string (Zoho); we rewrite the wire format here and keep
// every other part of the exchange in the library.
function adaptTokenRequest(
  auth: OAuth2Auth,
  fetchImpl: typeof globalThis.fetch,
  client?: { clientId: string; clientSecret?: string | undefined },
): typeof globalThis.fetch {
  const format = auth.tokenRequestFormat ?? 'form';
  if (format === 'form' && auth.clientAuth !== 'query') return fetchImpl;
  return async (input, init) => {
    const params = new URLSearchParams(typeof init?.body === 'string' ? init.body : (init?.body as URLSearchParams));
    const headers = new Headers(init?.headers);
    let url = new URL(String(input instanceof Request ? input.url : input));
    let body: string | undefined;
    if (auth.clientAuth === 'query') {
      if (client) {
        params.set('client_id', client.clientId);
        if (client.clientSecret) params.set('client_secret', client.clientSecret);
      }
      url = new URL(url);
      for (const [name, value] of params) url.searchParams.set(name, value);
      headers.delete('content-type');
    } else {
      body = JSON.stringify(Object.fromEntries(params));
      headers.set('content-type', 'application/json');
    }
    return fetchImpl(url, { ...init, headers, body: body ?? null });
  };
}
