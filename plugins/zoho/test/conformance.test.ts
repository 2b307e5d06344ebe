import { testProvider } from '@plugboard/plugin-kit';
import { expect } from 'vitest';
import zoho from '../src/index.js';
import { CURRENT_USER, ORG, startZohoDataCentre } from './support/zoho-fake.js';
import { rowOf } from './support/zoho-hub.js';

// One data centre (us) pointed at a fake that answers like Zoho's accounts server and CRM API.
testProvider(zoho, {
  fake: () => startZohoDataCentre(),
  options: (fake) => ({ clientId: fake.clientId, clientSecret: fake.clientSecret, dataCenters: { us: rowOf(fake) } }),
  expect: {
    scopes: ['ZohoCRM.org.READ', 'ZohoCRM.users.READ'],
    authorizationParams: { access_type: 'offline', prompt: 'consent' },
    pkce: true,
    clientAuth: 'query',
    callbackExtra: { location: 'us' },
    account: { id: `${ORG.id}:${CURRENT_USER.id}`, name: CURRENT_USER.full_name },
    refresh: 'standard',
    // Zoho says a grant is gone with HTTP 200 and an `error` field.
    errors: { invalidGrant: { status: 200, body: { error: 'invalid_code' } } },
    revocation: true,
    signedRequest: (request, accessToken) =>
      expect(request.headers.authorization, request.path).toBe(`Zoho-oauthtoken ${accessToken}`),
  },
});
