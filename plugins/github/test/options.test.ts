import { describe, expect, it } from 'vitest';
import github from '../src/index.js';

const client = { clientId: 'Iv1.0123456789abcdef', clientSecret: 'secret' };

describe('GitHub provider options', () => {
  it("defaults to github.com's endpoints and declares only the API host", () => {
    const provider = github(client);
    expect(provider.auth).toMatchObject({
      type: 'oauth2',
      authorizationUrl: 'https://github.com/login/oauth/authorize',
      tokenUrl: 'https://github.com/login/oauth/access_token',
      clientAuth: 'post',
      pkce: 'S256',
      scopes: { default: ['read:user'] },
    });
    // No RFC 7009 revocation endpoint but GitHub's own revocation hook, and no refresh hook (see the README).
    expect(provider.auth.type === 'oauth2' && provider.auth.revocationUrl).toBeUndefined();
    expect(provider.auth.type === 'oauth2' && provider.auth.revoke).toBeTypeOf('function');
    expect(provider.auth.type === 'oauth2' && provider.auth.refresh).toBeUndefined();
    expect(provider.api).toMatchObject({ baseUrl: 'https://api.github.com', allowedHosts: ['api.github.com'] });
  });

  it('points at a GitHub Enterprise Server', () => {
    const provider = github({
      ...client,
      authorizationUrl: 'https://ghe.example.com/login/oauth/authorize',
      tokenUrl: 'https://ghe.example.com/login/oauth/access_token',
      apiBaseUrl: 'https://ghe.example.com/api/v3',
    });
    expect(provider.api).toMatchObject({
      baseUrl: 'https://ghe.example.com/api/v3',
      allowedHosts: ['ghe.example.com'],
    });
  });

  it.each([
    [{ tokenUrl: 'github.com/login/oauth/access_token' }, 'options.tokenUrl'],
    [{ apiBaseUrl: 'http://api.github.com' }, 'options.apiBaseUrl'],
    [{ clientId: '' }, 'options.clientId'],
  ])('refuses %j, naming the option', (bad, path) => {
    expect(() => github({ ...client, ...bad })).toThrow(
      expect.objectContaining({
        code: 'validation_error',
        details: expect.arrayContaining([expect.objectContaining({ path })]),
      }),
    );
  });
});
