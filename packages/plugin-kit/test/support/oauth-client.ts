import { createHash, randomBytes } from 'node:crypto';
import type { FakeClientAuth, FakeProvider } from '../../src/index.js';

/** Where the hand-written client of these tests says it wants the user back. */
export const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';

/** An authorization URL for the fake, valid unless `params` says otherwise (an empty value removes a parameter). */
export function authorizationUrl(fake: FakeProvider, params: Record<string, string> = {}): string {
  const url = new URL(fake.url('/oauth/authorize'));
  const all = {
    client_id: fake.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    state: 'state-1',
    scope: 'read write',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) if (value !== '') url.searchParams.set(name, value);
  return url.href;
}

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** RFC 6749 2.3.1: each half of the Basic credentials is application/x-www-form-urlencoded first. */
export function basicHeader(id: string, secret: string): string {
  const formEncode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');
  return `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
}

/** How a hand-written client sends a token or revoke request. */
export interface SendOptions {
  auth?: FakeClientAuth;
  format?: 'form' | 'json';
  path?: string;
  client?: { id: string; secret: string };
}

/** Sends a token (or revoke) request the way `options` says and answers the status and parsed body. */
export async function send(fake: FakeProvider, params: Record<string, string>, options: SendOptions = {}) {
  const { auth = 'basic', format = 'form', path = '/oauth/token' } = options;
  const client = options.client ?? { id: fake.clientId, secret: fake.clientSecret };
  const headers: Record<string, string> = {};
  const all = { ...params };
  if (auth === 'basic') headers.authorization = basicHeader(client.id, client.secret);
  else Object.assign(all, { client_id: client.id, client_secret: client.secret });
  const url = new URL(fake.url(path));
  let body: string | undefined;
  if (auth === 'query') for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  else if (format === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(all);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(all).toString();
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Runs approve and the code exchange; answers the token endpoint's body. */
export async function connect(fake: FakeProvider, options: SendOptions = {}) {
  const { code } = await fake.approve(authorizationUrl(fake));
  const answer = await send(
    fake,
    { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI },
    options,
  );
  if (answer.status !== 200) throw new Error(`code exchange failed: ${JSON.stringify(answer.json)}`);
  return answer.json as { access_token: string; refresh_token?: string; expires_in?: number; scope: string };
}
