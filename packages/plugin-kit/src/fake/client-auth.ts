import type { FakeClientAuth, FakeRequest, FakeResponse } from './types.js';
import { oauthError } from './wire.js';

/** Parameters of a token or revoke request, wherever the request format puts them. */
export function requestParams(request: FakeRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  const fromBody = request.form ?? jsonParams(request.json);
  for (const [name, value] of fromBody ?? []) params.set(name, value);
  return params;
}

/** Checks the body format the provider insists on: `json` refuses form bodies and `form` refuses JSON ones. */
export function checkFormat(request: FakeRequest, format: 'form' | 'json'): FakeResponse | undefined {
  // Query-string clients (Zoho) send no body at all.
  if (request.body === '') return undefined;
  if (format === 'json' && request.json === undefined) {
    return oauthError(400, 'invalid_request', 'This endpoint only accepts a JSON body.');
  }
  if (format === 'form' && !request.form) {
    return oauthError(400, 'invalid_request', 'This endpoint only accepts an application/x-www-form-urlencoded body.');
  }
  return undefined;
}

/**
 * Authenticates the client the one way the provider accepts. A secret found in a second place is refused too
 * (RFC 6749 2.3: a client must not use more than one method), so a plugin declaring the wrong method fails.
 */
export function authenticateClient(
  request: FakeRequest,
  method: FakeClientAuth,
  client: { clientId: string; clientSecret: string },
): FakeResponse | undefined {
  const found = findClientCredentials(request);
  const presented = found[method];
  const elsewhere = (Object.keys(found) as FakeClientAuth[]).filter(
    (place) => place !== method && found[place] !== undefined,
  );
  if (!presented?.secret) {
    const hint = elsewhere.length > 0 ? ` (found them by ${elsewhere.join(', ')})` : '';
    return oauthError(401, 'invalid_client', `No client credentials sent by ${method}${hint}.`);
  }
  if (elsewhere.length > 0) {
    return oauthError(
      400,
      'invalid_request',
      `Client credentials sent by ${method} and also by ${elsewhere.join(', ')}.`,
    );
  }
  if (presented.id !== client.clientId || presented.secret !== client.clientSecret) {
    return oauthError(401, 'invalid_client', 'Unknown client or wrong secret.');
  }
  return undefined;
}

/** Client credentials (a client_secret, with its client_id) in each place a request can carry them. */
export function findClientCredentials(request: FakeRequest): Record<FakeClientAuth, ClientCredentials | undefined> {
  return {
    basic: basicCredentials(request.headers.authorization),
    query: paramCredentials(request.query),
    post: request.form ? paramCredentials(request.form) : undefined,
    json: paramCredentials(jsonParams(request.json)),
  };
}

/** A client id and secret as a request presented them. */
export interface ClientCredentials {
  id: string;
  secret: string;
}

/** The id and secret of an `Authorization: Basic` header; each half is form-urlencoded (RFC 6749 2.3.1). */
export function basicCredentials(header: string | undefined): ClientCredentials | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (half: string) => decodeURIComponent(half.replaceAll('+', ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function paramCredentials(params: URLSearchParams | undefined): ClientCredentials | undefined {
  const secret = params?.get('client_secret') ?? undefined;
  return params && secret !== undefined ? { id: params.get('client_id') ?? '', secret } : undefined;
}

function jsonParams(json: unknown): URLSearchParams | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(json)) {
    if (typeof value === 'string' || typeof value === 'number') params.set(name, String(value));
  }
  return params;
}
