import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizeQuery, decide, MOUNT, makeSandbox, pkcePair, REDIRECT_URI, transactionOf } from './helpers.js';

const { challenge } = pkcePair();

function cspOf(response: Response): Record<string, string> {
  const policy = response.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('GET /authorize', () => {
  it('shows an accessible consent page with strict security headers', async () => {
    const sb = makeSandbox();
    const response = await sb.fetch(authorizeQuery(challenge));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const csp = cspOf(response);
    expect(csp['default-src']).toBe("'none'");
    expect(csp['form-action']).toBe("'self' https: http:");
    expect(csp['frame-ancestors']).toBe("'none'");
    const html = await response.text();
    const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp['style-src']).toBe(`'nonce-${nonce}'`);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Allow sandbox-client? · Plugboard sandbox</title>');
    expect(html).toContain('<label for="account-name">Account name</label>');
    expect(html).toMatch(/<input id="account-name" name="account_name" type="text" value="Sandbox User" required/);
    expect(html).toContain('<form method="post" action="/providers/sandbox/authorize">');
    expect(html).toContain('<button class="approve" type="submit" name="decision" value="approve">Approve</button>');
    expect(html).toContain('value="deny" formnovalidate>Deny</button>');
    expect(html).toContain('<li>See your account name, account id and email address</li>');
    expect(html).toContain('<li>Read your items</li>');
    expect(html).toContain(':focus-visible{outline:3px solid');
    expect(html).not.toMatch(/<script|style="|https?:\/\/(?!hub\.test)/);
  });

  it('shows only the scopes asked for, and escapes what it prints', async () => {
    const sb = makeSandbox({ clientId: '<b>app</b>' });
    const response = await sb.fetch(authorizeQuery(challenge, { client_id: '<b>app</b>', scope: 'items:read' }));
    const html = await response.text();
    expect(html).toContain('Allow &#60;b&#62;app&#60;/b&#62; to use your sandbox account?');
    expect(html).not.toContain('<b>app');
    expect(html).toContain('<li>Read your items</li>');
    expect(html).not.toContain('account id and email');
  });

  it.each([
    ['an unknown client', { client_id: 'someone-else' }],
    ['no client', { client_id: undefined }],
  ])('answers %s with an error page, never a redirect', async (_, overrides) => {
    const response = await makeSandbox().fetch(authorizeQuery(challenge, overrides));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('<h1>Unknown app</h1>');
  });

  it.each([
    ['missing', undefined],
    ['relative', '/oauth/callback'],
    ['javascript:', 'javascript:alert(1)'],
    ['with a fragment', `${REDIRECT_URI}#x`],
    ['with credentials', 'http://user:pw@hub.test/cb'],
    ['with a host that would inject CSP', 'http://hub.test;script-src/cb'],
  ])('answers a redirect_uri that is %s with an error page', async (_, redirectUri) => {
    const response = await makeSandbox().fetch(authorizeQuery(challenge, { redirect_uri: redirectUri }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('<h1>Invalid redirect address</h1>');
  });

  it('refuses a repeated redirect_uri without redirecting', async () => {
    const response = await makeSandbox().fetch(`${authorizeQuery(challenge)}&redirect_uri=http%3A%2F%2Fevil.test%2F`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['no PKCE challenge', { code_challenge: undefined }, 'invalid_request'],
    ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['a malformed challenge', { code_challenge: 'short' }, 'invalid_request'],
    ['no response_type', { response_type: undefined }, 'invalid_request'],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
    ['an unknown scope', { scope: 'profile admin' }, 'invalid_scope'],
  ])('redirects %s back with an error and the state', async (_, overrides, error) => {
    const response = await makeSandbox().fetch(authorizeQuery(challenge, overrides));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('code')).toBeNull();
  });
});

describe('POST /authorize', () => {
  it('redirects an approval with a code and the state, appended to the existing query', async () => {
    const redirectUri = 'http://app.test/cb?tenant=a%20b';
    const sb = makeSandbox({ redirectUris: [redirectUri] });
    const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge, { redirect_uri: redirectUri })));
    const response = await decide(sb, { transaction, decision: 'approve', account_name: 'Ada' });
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^http:\/\/app\.test\/cb\?tenant=a%20b&code=[\w-]+\.[\w-]+&state=state-123$/);
  });

  it('redirects a denial with access_denied and the state', async () => {
    const sb = makeSandbox();
    const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge)));
    const response = await decide(sb, { transaction, decision: 'deny' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('leaves state out when the client sent none', async () => {
    const sb = makeSandbox();
    const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge, { state: undefined })));
    const location = (await decide(sb, { transaction, decision: 'deny' })).headers.get('location')!;
    expect(location).toBe(`${REDIRECT_URI}?error=access_denied&error_description=The+user+denied+access.`);
  });

  it('refuses a tampered transaction without redirecting', async () => {
    const sb = makeSandbox();
    const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge)));
    const [body = '', mac] = transaction.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    payload.payload.redirectUri = 'http://evil.test/steal';
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    for (const value of [forged, `${transaction}x`, `${body}.${mac?.slice(1)}`, 'nonsense']) {
      const response = await decide(sb, { transaction: value, decision: 'approve', account_name: 'Ada' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('refuses a transaction signed by another sandbox', async () => {
    const other = makeSandbox({ signingSecret: 'another-signing-secret' });
    const transaction = await transactionOf(await other.fetch(authorizeQuery(challenge)));
    const response = await decide(makeSandbox(), { transaction, decision: 'approve', account_name: 'Ada' });
    expect(response.status).toBe(400);
  });

  it('refuses a transaction older than ten minutes', async () => {
    const sb = makeSandbox();
    const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge)));
    sb.advance(10 * 60_000 + 1);
    const response = await decide(sb, { transaction, decision: 'approve', account_name: 'Ada' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('This consent request has expired');
  });

  it('refuses a form posted from another site', async () => {
    const sb = makeSandbox();
    const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge)));
    const response = await decide(
      sb,
      { transaction, decision: 'approve', account_name: 'Ada' },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
  });

  it.each([
    ['a blank account name', { decision: 'approve', account_name: '   ' }],
    ['an overlong account name', { decision: 'approve', account_name: 'x'.repeat(81) }],
    ['an unknown decision', { decision: 'maybe', account_name: 'Ada' }],
  ])('refuses %s', async (_, fields) => {
    const sb = makeSandbox();
    const transaction = await transactionOf(await sb.fetch(authorizeQuery(challenge)));
    const response = await decide(sb, { transaction, ...fields });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('routing', () => {
  it.each([
    ['GET', `${MOUNT}/nowhere`],
    ['DELETE', `${MOUNT}/token`],
    ['GET', 'http://hub.test:3000/providers/other/authorize'],
    ['GET', `${MOUNT}`],
  ])('answers %s %s with a JSON 404', async (method, url) => {
    const response = await makeSandbox().provider.http!.fetch(new Request(url, { method }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('sandbox safety', () => {
  it("Open redirect on the hub's origin through the sandbox: only the hub's own callback is a redirect target", async () => {
    const sb = makeSandbox();
    for (const redirectUri of [
      'https://attacker.example/',
      `${REDIRECT_URI}/../evil`,
      `${REDIRECT_URI}?next=https://attacker.example/`,
      'http://hub.test:3000/oauth/callbackx',
      'http://HUB.test:3000/oauth/callback',
    ]) {
      const response = await sb.fetch(authorizeQuery(challenge, { redirect_uri: redirectUri }));
      expect(response.status, redirectUri).toBe(400);
      expect(response.headers.get('location'), redirectUri).toBeNull();
    }
    // Even an error (a bad response_type) is never sent to an address that is not the hub's.
    const error = await sb.fetch(
      authorizeQuery(challenge, { redirect_uri: 'https://attacker.example/', response_type: 'token' }),
    );
    expect(error.headers.get('location')).toBeNull();
    expect((await sb.fetch(authorizeQuery(challenge))).status).toBe(200);
  });

  it("The sandbox's signing key derives from its public default client secret: no longer, tokens cannot be forged", async () => {
    // What anyone could compute on main: the key from the public default client secret.
    const publicKey = createHmac('sha256', 'sandbox-secret').update('plugboard-sandbox/signing-key/v1').digest();
    const purposeKey = createHmac('sha256', publicKey).update('access-token').digest();
    const now = Date.parse('2030-01-01T00:00:00Z');
    const claims = {
      payload: {
        grantId: 'g',
        grantExpiresAt: now + 3_600_000,
        clientId: 'sandbox-client',
        accountName: 'Mallory',
        scopes: ['profile'],
        tokenId: 't',
      },
      expiresAt: now + 3_600_000,
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const forged = `${body}.${createHmac('sha256', purposeKey).update(body).digest('base64url')}`;
    const installation = (seed: string) => (label: string) => createHmac('sha256', seed).update(label).digest();
    const sandboxes = [makeSandbox(), makeSandbox({}, now, installation('hub-a'))];
    for (const sb of sandboxes) {
      const answer = await sb.fetch('/api/me', { headers: { authorization: `Bearer ${forged}` } });
      expect(answer.status).toBe(401);
    }
    // Two processes of one installation share the key: a transaction from one opens in the other.
    const one = makeSandbox({}, now, installation('hub-a'));
    const two = makeSandbox({}, now, installation('hub-a'));
    const transaction = await transactionOf(await one.fetch(authorizeQuery(challenge)));
    expect((await decide(two, { transaction, decision: 'approve', account_name: 'Ada' })).status).toBe(302);
    const foreign = makeSandbox({}, now, installation('hub-b'));
    expect((await decide(foreign, { transaction, decision: 'approve', account_name: 'Ada' })).status).toBe(400);
  });
});
