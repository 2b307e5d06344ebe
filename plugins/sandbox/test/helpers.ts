import { createHash, randomBytes } from 'node:crypto';
import sandbox, { type SandboxOptions } from '../src/index.js';

/** The hub the sandbox is mounted in, in these tests. */
export const PUBLIC_URL = 'http://hub.test:3000';
/** Where the sandbox's routes live. */
export const MOUNT = `${PUBLIC_URL}/providers/sandbox`;
/** The hub's callback, as the hub would send it. */
export const REDIRECT_URI = `${PUBLIC_URL}/oauth/callback`;

/** A sandbox provider with a clock the test moves by hand, and a fetch that takes paths under the mount. */
export function makeSandbox(
  options: Omit<SandboxOptions, 'clock'> = {},
  start = Date.parse('2030-01-01T00:00:00Z'),
  installationKey?: (label: string) => Buffer,
) {
  let now = start;
  const provider = sandbox({ ...options, clock: () => now }, { publicUrl: PUBLIC_URL, installationKey });
  const http = provider.http!;
  return {
    provider,
    advance(ms: number) {
      now += ms;
    },
    fetch: (path: string, init?: RequestInit) => http.fetch(new Request(`${MOUNT}${path}`, init)),
  };
}

/** A sandbox made by `makeSandbox`. */
export type Sandbox = ReturnType<typeof makeSandbox>;

/** A fresh PKCE verifier and its S256 challenge. */
export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An HTTP Basic header for the client. */
export function basic(clientId = 'sandbox-client', clientSecret = 'sandbox-secret'): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/** A valid authorization query; an `undefined` override drops that parameter. */
export function authorizeQuery(challenge: string, overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    client_id: 'sandbox-client',
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-123',
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.append(name, value);
  return `/authorize?${query}`;
}

/** The signed transaction a consent page's form carries. */
export async function transactionOf(page: Response): Promise<string> {
  const match = /name="transaction" value="([^"]+)"/.exec(await page.text());
  if (!match?.[1]) throw new Error('the consent page has no transaction field');
  return match[1];
}

/** Submits the consent form. */
export function decide(sb: Sandbox, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return sb.fetch('/authorize', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams(fields),
  });
}

/** Runs consent up to the redirect and returns the authorization code. */
export async function obtainCode(
  sb: Sandbox,
  challenge: string,
  overrides: Record<string, string | undefined> = {},
  accountName = 'Ada Lovelace',
): Promise<string> {
  const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge, overrides)));
  const response = await decide(sb, { transaction, decision: 'approve', account_name: accountName });
  const code = new URL(response.headers.get('location')!).searchParams.get('code');
  if (!code) throw new Error(`no code in ${response.headers.get('location')}`);
  return code;
}

/** Posts to the token endpoint, authenticated with HTTP Basic unless `authorization` says otherwise. */
export async function tokenRequest(
  sb: Sandbox,
  params: Record<string, string>,
  authorization: string | null = basic(),
) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization) headers.authorization = authorization;
  const response = await sb.fetch('/token', { method: 'POST', headers, body: new URLSearchParams(params) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

/** The whole code flow: the token response for a fresh grant. */
export async function issueTokens(sb: Sandbox, accountName = 'Ada Lovelace', scope?: string) {
  const { verifier, challenge } = pkcePair();
  const code = await obtainCode(sb, challenge, { scope }, accountName);
  const { body } = await tokenRequest(sb, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  return body as { access_token: string; refresh_token: string; expires_in: number; scope: string };
}

/** GET on the sandbox API with a Bearer token. */
export function apiGet(sb: Sandbox, path: string, accessToken?: string) {
  return sb.fetch(`/api${path}`, accessToken ? { headers: { authorization: `Bearer ${accessToken}` } } : undefined);
}
