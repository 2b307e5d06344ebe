import { type OidcServer, startOidcServer } from '@plugboard/testing/oidc';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Proves the fixture with a certified-to-spec client library, so the plugin tests can trust it.
describe('oidc-server fixture', () => {
  const redirectUri = 'http://127.0.0.1:9/callback';
  const insecure = { [oauth.allowInsecureRequests]: true };
  let server: OidcServer;
  let as: oauth.AuthorizationServer;
  let client: oauth.Client;
  let clientAuth: oauth.ClientAuth;

  beforeAll(async () => {
    server = await startOidcServer({ redirectUris: [redirectUri], accessTokenTtl: 30 });
    const issuer = new URL(server.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
    client = { client_id: server.clientId };
    clientAuth = oauth.ClientSecretBasic(server.clientSecret);
  });
  afterAll(() => server.close());

  async function authorize(scope: string) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: server.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await server.approve(url.href);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      redirectUri,
      verifier,
      insecure,
    );
    return oauth.processAuthorizationCodeResponse(as, client, response);
  }

  it('runs the code flow with PKCE, issues an ID token and a refresh token, and rotates it', async () => {
    const tokens = await authorize('openid profile email');
    expect(tokens.expires_in).toBe(30);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({
      iss: server.issuer,
      sub: server.account.sub,
      name: server.account.name,
      email: server.account.email,
    });
    expect(server.tokenRequests('authorization_code')).toBe(1);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure),
    );
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // Rotation means the first refresh token is spent.
    const replay = oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure),
    );
    await expect(replay).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(server.tokenRequests('refresh_token')).toBe(2);
  });

  it('runs a plain OAuth2 flow (no openid) whose token works on the /api/me endpoint', async () => {
    const tokens = await authorize('profile email');
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const me = await fetch(server.apiMeUrl, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: server.account.sub, email: server.account.email });

    const anonymous = await fetch(server.apiMeUrl, { headers: { authorization: 'Bearer not-a-token' } });
    expect(anonymous.status).toBe(401);
  });

  it('signs in whoever logs in', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: server.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await server.approve(url.href, { login: 'grace' });
    const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, verifier, insecure),
    );
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe('grace');
  });
});
