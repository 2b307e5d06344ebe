import { type AccountContext, type ProviderFactory, ValidationError } from '@plugboard/core';
import { describe, expect, it } from 'vitest';
import factory from '../src/index.js';

const client = { clientId: 'client-1', clientSecret: 'secret-1' };

function validationError(options: unknown): ValidationError {
  try {
    // Options a config file could hold: the schema, not the compiler, has to refuse them.
    (factory as ProviderFactory)(options);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('options', () => {
  it('requires clientId and names its path', () => {
    const error = validationError({ issuer: 'https://login.acme.example', clientSecret: 's' });
    expect(error.details).toEqual([{ path: 'options.clientId', message: 'required' }]);
  });

  it('requires authorizationUrl and tokenUrl when there is no issuer', () => {
    const error = validationError(client);
    expect(error.details?.map((detail) => detail.path)).toEqual(['options.authorizationUrl', 'options.tokenUrl']);
    expect(error.message).toContain('options.authorizationUrl: required when there is no issuer');
  });

  it('refuses a URL that is not http(s)', () => {
    const error = validationError({ ...client, issuer: 'javascript:alert(1)' });
    expect(error.details).toEqual([{ path: 'options.issuer', message: 'an http(s) URL' }]);
  });

  it('defaults to OpenID scopes, PKCE and basic client auth with an issuer', () => {
    const provider = factory({ ...client, issuer: 'https://login.acme.example/tenant' }, { id: 'acme' });
    expect(provider.id).toBe('acme');
    expect(provider.name).toBe('OAuth2');
    expect(provider.auth).toMatchObject({
      type: 'oauth2',
      issuer: 'https://login.acme.example/tenant',
      authorizationUrl: undefined,
      client,
      scopes: { default: ['openid', 'profile', 'email'], separator: ' ' },
      pkce: 'S256',
      clientAuth: 'basic',
    });
    expect(provider.api).toMatchObject({ baseUrl: 'https://login.acme.example', allowedHosts: ['login.acme.example'] });
  });

  it('takes explicit endpoints, no default scopes, and the hosts it must reach', () => {
    const provider = factory({
      ...client,
      name: 'Acme',
      authorizationUrl: 'https://acme.example/oauth/authorize',
      tokenUrl: 'https://auth.acme.example:8443/oauth/token',
      userinfoUrl: 'https://id.acme.example/me',
      scopes: ['read', 'write'],
      scopeSeparator: ',',
      allowedHosts: ['files.acme.example'],
      clientAuth: 'post',
      authorizationParams: { access_type: 'offline' },
    });
    expect(provider.name).toBe('Acme');
    expect(provider.auth).toMatchObject({
      scopes: { default: ['read', 'write'], separator: ',' },
      clientAuth: 'post',
      authorizationParams: { access_type: 'offline' },
      userinfoUrl: 'https://id.acme.example/me',
    });
    expect(provider.api).toEqual({
      baseUrl: 'https://auth.acme.example:8443',
      allowedHosts: ['auth.acme.example:8443', 'id.acme.example', 'files.acme.example'],
    });
  });

  it('carries a logo and scope sentences to the connect pages, and refuses a sentence without its text', () => {
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>';
    const scopeDescriptions = {
      read: { text: 'See your widgets' },
      write: { text: 'Change and delete your widgets', sensitive: true },
    };
    const provider = factory({ ...client, issuer: 'https://login.acme.example', logo, scopeDescriptions });
    expect(provider.logo).toBe(logo);
    expect(provider.auth).toMatchObject({ scopes: { descriptions: scopeDescriptions } });

    const plain = factory({ ...client, issuer: 'https://login.acme.example' });
    expect(plain.logo).toBeUndefined();
    expect(plain.auth).toMatchObject({ scopes: { descriptions: {} } });

    const error = validationError({ ...client, issuer: 'https://login.acme.example', scopeDescriptions: { read: {} } });
    expect(error.details?.map((detail) => detail.path)).toEqual(['options.scopeDescriptions.read.text']);
    expect(validationError({ ...client, issuer: 'https://login.acme.example', logo: ' ' }).details).toEqual([
      { path: 'options.logo', message: expect.any(String) },
    ]);
  });
});

describe('account from ID token claims', () => {
  const noFetch: AccountContext['fetch'] = () => Promise.reject(new Error('no request expected'));
  const account = (options: Record<string, unknown>, idTokenClaims: Record<string, unknown>) =>
    factory({ ...client, issuer: 'https://login.acme.example', ...options }).account!({
      credentials: { type: 'oauth2', accessToken: 'at', tokenType: 'Bearer' },
      idTokenClaims,
      fetch: noFetch,
    });

  it('takes id, the first name claim present, and metadata', async () => {
    const claims = { iss: 'https://login.acme.example', sub: '42', preferred_username: 'ada', email: 'a@x.example' };
    await expect(account({}, claims)).resolves.toEqual({
      id: '42',
      name: 'ada',
      metadata: { email: 'a@x.example', issuer: 'https://login.acme.example' },
    });
  });

  it('reads a configured claim by dotted path and accepts numeric ids', async () => {
    const info = await account(
      { accountIdClaim: 'data.id', accountNameClaims: ['data.username'] },
      {
        data: { id: 7, username: 'grace' },
      },
    );
    expect(info).toMatchObject({ id: '7', name: 'grace' });
  });

  it('refuses an account without its id claim', async () => {
    await expect(account({ accountIdClaim: 'oid' }, { sub: '42' })).rejects.toMatchObject({
      code: 'provider_error',
      message: expect.stringContaining('"oid"'),
    });
  });
});
