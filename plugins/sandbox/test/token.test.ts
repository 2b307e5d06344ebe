import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  apiGet,
  basic,
  issueTokens,
  makeSandbox,
  obtainCode,
  pkcePair,
  REDIRECT_URI,
  tokenRequest,
} from './helpers.js';

function codeGrant(code: string, verifier: string, redirectUri = REDIRECT_URI) {
  return { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
}

describe('POST /token, authorization_code', () => {
  it('exchanges a code for tokens', async () => {
    const sb = makeSandbox({ tokenTtlSeconds: 600 });
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sb, challenge);
    const { response, body } = await tokenRequest(sb, codeGrant(code, verifier));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      token_type: 'Bearer',
      expires_in: 600,
      refresh_token: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      scope: 'profile items:read',
    });
    const me = await apiGet(sb, '/me', body.access_token as string);
    expect(await me.json()).toEqual({
      id: expect.stringMatching(/^ada-lovelace-[0-9a-f]{8}$/),
      name: 'Ada Lovelace',
      email: expect.stringMatching(/^ada-lovelace-[0-9a-f]{8}@sandbox\.invalid$/),
    });
  });

  it('accepts client_secret_post', async () => {
    const sb = makeSandbox();
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sb, challenge);
    const { response } = await tokenRequest(
      sb,
      { ...codeGrant(code, verifier), client_id: 'sandbox-client', client_secret: 'sandbox-secret' },
      null,
    );
    expect(response.status).toBe(200);
  });

  it.each([
    ['a wrong secret', basic('sandbox-client', 'wrong')],
    ['an unknown client', basic('other', 'sandbox-secret')],
    ['no credentials', null],
    ['a malformed header', 'Basic !!!'],
  ])('answers %s with 401 invalid_client and a Basic challenge', async (_, authorization) => {
    const sb = makeSandbox();
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sb, challenge);
    const { response, body } = await tokenRequest(sb, codeGrant(code, verifier), authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="sandbox"/);
    expect(body.error).toBe('invalid_client');
  });

  it('refuses two client authentication methods at once', async () => {
    const sb = makeSandbox();
    const { body } = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: 'x', client_secret: 's' });
    expect(body.error).toBe('invalid_request');
  });

  it('refuses a wrong verifier without using up the code', async () => {
    const sb = makeSandbox();
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sb, challenge);
    const wrong = await tokenRequest(sb, codeGrant(code, pkcePair().verifier));
    expect(wrong.response.status).toBe(400);
    expect(wrong.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The code_verifier does not match the code_challenge.',
    });
    expect((await tokenRequest(sb, codeGrant(code, verifier))).response.status).toBe(200);
  });

  it('refuses a code for another redirect_uri', async () => {
    const sb = makeSandbox();
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sb, challenge);
    const { body } = await tokenRequest(sb, codeGrant(code, verifier, 'http://hub.test:3000/other'));
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses a replayed code and revokes what the first exchange issued', async () => {
    const sb = makeSandbox();
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sb, challenge);
    const first = await tokenRequest(sb, codeGrant(code, verifier));
    expect((await apiGet(sb, '/me', first.body.access_token as string)).status).toBe(200);
    const replay = await tokenRequest(sb, codeGrant(code, verifier));
    expect(replay.response.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await apiGet(sb, '/me', first.body.access_token as string)).status).toBe(401);
    const refresh = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('refuses a code older than 60 seconds', async () => {
    const sb = makeSandbox();
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(sb, challenge);
    sb.advance(60_001);
    const { response, body } = await tokenRequest(sb, codeGrant(code, verifier));
    expect(response.status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses a code issued by a sandbox with another secret', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(makeSandbox({ clientSecret: 'another-secret' }), challenge);
    const { body } = await tokenRequest(makeSandbox(), codeGrant(code, verifier));
    expect(body.error).toBe('invalid_grant');
  });

  it.each([
    ['no grant_type', { code: 'x' }, 'invalid_request'],
    ['an unknown grant_type', { grant_type: 'password' }, 'unsupported_grant_type'],
    [
      'a missing verifier',
      { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT_URI },
      'invalid_request',
    ],
  ])('answers %s with %s', async (_, params, error) => {
    const { response, body } = await tokenRequest(makeSandbox(), params);
    expect(response.status).toBe(400);
    expect(body.error).toBe(error);
  });

  it('answers a JSON body with invalid_request', async () => {
    const response = await makeSandbox().fetch('/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic() },
      body: '{"grant_type":"refresh_token"}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('POST /token, refresh_token', () => {
  it('issues a new access token and keeps the refresh token when rotation is off', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb);
    const first = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(first.response.status).toBe(200);
    expect(first.body.access_token).not.toBe(tokens.access_token);
    expect(first.body).not.toHaveProperty('refresh_token');
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'profile items:read' });
    expect((await apiGet(sb, '/me', first.body.access_token as string)).status).toBe(200);
    const again = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(again.response.status).toBe(200);
  });

  it('rotates the refresh token when asked to, and the old one stops working', async () => {
    const sb = makeSandbox({ rotateRefreshTokens: true });
    const tokens = await issueTokens(sb);
    const rotated = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(rotated.body.refresh_token).toEqual(expect.any(String));
    expect(rotated.body.refresh_token).not.toBe(tokens.refresh_token);
    const reused = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(reused.body.error).toBe('invalid_grant');
    const next = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      refresh_token: rotated.body.refresh_token as string,
    });
    expect(next.response.status).toBe(200);
  });

  it('narrows scopes on request and refuses to widen them', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb, 'Ada', 'profile');
    const widened = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'profile items:read',
    });
    expect(widened.body.error).toBe('invalid_scope');
    const full = await issueTokens(sb);
    const narrowed = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      refresh_token: full.refresh_token,
      scope: 'profile',
    });
    expect(narrowed.body.scope).toBe('profile');
    const items = await apiGet(sb, '/items', narrowed.body.access_token as string);
    expect(items.status).toBe(403);
    expect(items.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('refuses an access token presented as a refresh token', async () => {
    const sb = makeSandbox();
    const tokens = await issueTokens(sb);
    const { body } = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: tokens.access_token });
    expect(body.error).toBe('invalid_grant');
  });

  it('accepts tokens issued before a restart, and by a sibling process of the same installation', async () => {
    // The hub gives every process of one installation the same key (derived from its encryption key).
    const installationKey = (label: string) => createHmac('sha256', 'installation').update(label).digest();
    const start = Date.parse('2030-01-01T00:00:00Z');
    const tokens = await issueTokens(makeSandbox({}, start, installationKey));
    const restarted = makeSandbox({}, start, installationKey);
    expect((await apiGet(restarted, '/me', tokens.access_token)).status).toBe(200);
    const refreshed = await tokenRequest(restarted, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.response.status).toBe(200);
  });
});
