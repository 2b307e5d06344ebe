import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sandbox from '../src/index.js';

const insecure = { [oauth.allowInsecureRequests]: true };

let server: Server;
let publicUrl: string;
let mount: string;

// A plain node:http front for the provider, standing in for the hub that mounts it.
function serve(handle: (request: Request) => Promise<Response>): Server {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const response = await handle(new Request(`${publicUrl}${req.url}`, { method: req.method, headers, body }));
    response.headers.forEach((value, name) => {
      res.setHeader(name, value);
    });
    res.writeHead(response.status);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

beforeAll(async () => {
  // The provider needs its public URL, which needs the port: listen first, then build it.
  let provider: ReturnType<typeof sandbox> | undefined;
  server = serve((request) => provider!.http!.fetch(request));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mount = `${publicUrl}/providers/sandbox`;
  provider = sandbox({ rotateRefreshTokens: true }, { publicUrl });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a standard OAuth2 client (oauth4webapi) over loopback HTTP', () => {
  it('completes the code flow with PKCE, calls the API, refreshes and revokes', async () => {
    const as: oauth.AuthorizationServer = {
      issuer: mount,
      authorization_endpoint: `${mount}/authorize`,
      token_endpoint: `${mount}/token`,
      revocation_endpoint: `${mount}/revoke`,
    };
    const client: oauth.Client = { client_id: 'sandbox-client' };
    const clientAuth = oauth.ClientSecretBasic('sandbox-secret');
    const redirectUri = `${publicUrl}/oauth/callback`;
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();

    const authorizationUrl = new URL(as.authorization_endpoint!);
    authorizationUrl.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'profile items:read',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const page = await fetch(authorizationUrl);
    expect(page.status).toBe(200);
    const transaction = /name="transaction" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(transaction).toBeTruthy();

    const decision = await fetch(as.authorization_endpoint!, {
      method: 'POST',
      body: new URLSearchParams({ transaction: transaction!, decision: 'approve', account_name: 'Katherine Johnson' }),
      redirect: 'manual',
    });
    expect(decision.status).toBe(302);
    const callbackParams = oauth.validateAuthResponse(as, client, new URL(decision.headers.get('location')!), state);

    const codeResponse = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      callbackParams,
      redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, codeResponse);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe('profile items:read');

    const me = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL(`${mount}/api/me`),
      undefined,
      undefined,
      insecure,
    );
    expect(await me.json()).toMatchObject({
      name: 'Katherine Johnson',
      id: expect.stringMatching(/^katherine-johnson-/),
    });

    const refreshResponse = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      tokens.refresh_token!,
      insecure,
    );
    const refreshed = await oauth.processRefreshTokenResponse(as, client, refreshResponse);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    const revocation = await oauth.revocationRequest(as, client, clientAuth, refreshed.refresh_token!, insecure);
    await oauth.processRevocationResponse(revocation);
    const afterRevoke = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      refreshed.refresh_token!,
      insecure,
    );
    await expect(oauth.processRefreshTokenResponse(as, client, afterRevoke)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(
      oauth.protectedResourceRequest(
        refreshed.access_token,
        'GET',
        new URL(`${mount}/api/me`),
        undefined,
        undefined,
        insecure,
      ),
    ).rejects.toMatchObject({ status: 401, cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }] });
  });
});
