import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { requestParams } from '../fake/client-auth.js';
import { startSession } from './connect.js';
import type { Suite } from './suite.js';
import { expectClientAuth, expectFormat, oauth2Of } from './wire-checks.js';

/** Tests 1 and 2: the authorization URL, and the code exchange behind the callback. */
export function authorizationTests(suite: Suite): void {
  it('builds the authorization URL: client_id, redirect_uri, response_type=code, scopes, PKCE, params and a state', async () => {
    const { harness, fake, provider, setup } = suite();
    const auth = oauth2Of(provider);
    const url = new URL(await startSession(harness, provider.id));
    const params = url.searchParams;
    expect(url.origin, 'the authorization URL points at the fake').toBe(fake.origin);
    expect(params.get('client_id')).toBe(fake.clientId);
    expect(params.get('redirect_uri')).toBe(`${harness.publicUrl}/oauth/callback`);
    expect(params.get('response_type')).toBe('code');
    if (setup.expect.scopes) {
      expect(params.get('scope')).toBe(setup.expect.scopes.join(auth.scopes.separator ?? ' '));
    }
    if (setup.expect.pkce) {
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } else {
      expect(params.has('code_challenge'), 'no PKCE challenge').toBe(false);
    }
    for (const [name, value] of Object.entries(setup.expect.authorizationParams ?? {})) {
      expect(params.get(name), `authorization parameter ${name}`).toBe(value);
    }
    // At least 128 bits of base64url.
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it('exchanges the code from GET /oauth/callback with the declared client auth, format and PKCE verifier', async () => {
    const { fake, provider, setup } = suite();
    const { exchange, authorizationUrl, approval } = await suite().firstConnection();
    const params = requestParams(exchange);
    expect(exchange.method).toBe('POST');
    expect(params.get('grant_type')).toBe('authorization_code');
    expect(params.get('code')).toBe(approval.code);
    expect(params.get('redirect_uri')).toBe(new URL(authorizationUrl).searchParams.get('redirect_uri'));
    expectClientAuth(exchange, setup.expect.clientAuth, fake, 'the code exchange');
    expectFormat(
      exchange,
      setup.expect.tokenRequestFormat ?? oauth2Of(provider).tokenRequestFormat ?? 'form',
      'the code exchange',
    );
    const challenge = new URL(authorizationUrl).searchParams.get('code_challenge');
    if (setup.expect.pkce) {
      const verifier = params.get('code_verifier') ?? '';
      expect(createHash('sha256').update(verifier).digest('base64url'), 'the verifier matches the challenge').toBe(
        challenge,
      );
    } else {
      expect(params.has('code_verifier'), 'no PKCE verifier').toBe(false);
    }
  });
}
