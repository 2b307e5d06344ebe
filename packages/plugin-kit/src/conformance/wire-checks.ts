import type { OAuth2Auth, Provider } from '@plugboard/core';
import { expect } from 'vitest';
import { findClientCredentials } from '../fake/client-auth.js';
import type { FakeClientAuth, FakeProvider, FakeRequest } from '../fake/types.js';

/** Asserts a token or revoke request carried the fake's client credentials in exactly the declared place. */
export function expectClientAuth(request: FakeRequest, method: FakeClientAuth, fake: FakeProvider, what: string) {
  const found = findClientCredentials(request);
  const places = Object.entries(found)
    .filter(([, credentials]) => credentials !== undefined)
    .map(([place]) => place);
  expect(places, `${what}: where the client secret was sent`).toEqual([method]);
  expect(found[method], `${what}: the client credentials`).toEqual({ id: fake.clientId, secret: fake.clientSecret });
}

/** Asserts a token request body had the expected format (query-string clients send none). */
export function expectFormat(request: FakeRequest, format: 'form' | 'json', what: string) {
  if (request.body === '') return;
  if (format === 'json') expect(request.json, `${what}: a JSON body`).toBeTypeOf('object');
  else expect(request.form, `${what}: a form body`).toBeInstanceOf(URLSearchParams);
}

/** The plugin's OAuth2 declaration, for the OAuth2 tests (the setup check has refused any other kind). */
export function oauth2Of(provider: Provider<any>): OAuth2Auth {
  if (provider.auth.type !== 'oauth2') {
    throw new Error(`The OAuth2 tests got "${provider.id}", which uses ${provider.auth.type}.`);
  }
  return provider.auth;
}
