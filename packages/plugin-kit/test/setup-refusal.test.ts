import { describe, expect, it } from 'vitest';
import { misfits } from '../src/conformance/setup-check.js';
import { createFakeProvider, testProvider } from '../src/index.js';
import acme from './support/acme-plugin.js';
import { keyed, rawHeaders } from './support/typed-in-plugins.js';

const fake = () => createFakeProvider();

describe('testProvider refuses an incomplete setup with the list of what is missing', () => {
  it('an OAuth2 setup without its expectations names each one', () => {
    const incomplete = { options: () => ({}), expect: { account: {} } } as never;
    expect(() => testProvider(acme, incomplete)).toThrow(
      /testProvider\(acme\): the setup is incomplete:\n {2}- fake: .*\n {2}- expect\.pkce: .*\n {2}- expect\.clientAuth: .*\n {2}- expect\.account: .*\n {2}- expect\.refresh: .*\n {2}- expect\.revocation: /,
    );
  });

  it('a typed-in setup without verifyRoute names it', () => {
    const incomplete = { fake, options: () => ({}), expect: { credentials: { apiKey: 'k' } } } as never;
    expect(() => testProvider(keyed, incomplete)).toThrow(/- expect\.verifyRoute: the fake route verify calls/);
  });
});

describe('a built provider that does not fit its setup is refused before any test runs', () => {
  const oauth2Expect = {
    pkce: true,
    clientAuth: 'basic',
    account: { id: 'u' },
    refresh: 'none',
    revocation: false,
  } as const;

  it('OAuth2 expectations for an API-key plugin point at FieldsExpectations', () => {
    const setup = { fake, options: () => ({}), expect: oauth2Expect };
    expect(misfits(keyed({ apiBaseUrl: 'http://127.0.0.1:1/v1' }), setup)).toEqual([
      '"keyed" uses api_key: expect takes credentials and verifyRoute (FieldsExpectations), not the OAuth2 expectations',
    ]);
  });

  it('endpoints the options left on the real hosts are listed (the suite would call them)', () => {
    const setup = {
      fake,
      options: () => ({}),
      expect: { credentials: { apiKey: 'k' }, verifyRoute: 'GET /v1/account' },
    };
    expect(misfits(keyed({}), setup)).toEqual([
      expect.stringMatching(/^api\.baseUrl is https:\/\/api\.keyed\.example\/v1, not the fake: point it at the fake/),
    ]);
    const oauth = misfits(acme({ clientId: 'c', clientSecret: 's' }), { ...setup, expect: oauth2Expect });
    expect(oauth.map((line) => line.split(' ')[0])).toEqual([
      'api.baseUrl',
      'auth.authorizationUrl',
      'auth.tokenUrl',
      'auth.revocationUrl',
    ]);
  });

  it('a raw plugin needs expect.signedRequest', () => {
    const setup = { fake, options: () => ({}), expect: { credentials: { accessToken: 'k' }, verifyRoute: null } };
    expect(misfits(rawHeaders({ apiBaseUrl: 'http://127.0.0.1:1' }), setup)).toEqual([
      expect.stringMatching(/^expect\.signedRequest: a raw plugin signs requests its own way/),
    ]);
  });
});
