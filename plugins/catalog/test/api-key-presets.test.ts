import { createFakeProvider, testProvider } from '@plugboard/plugin-kit';
import { describe, expect, it } from 'vitest';
import { apiKeyPresetFactory } from '../src/api-key-factory.js';
import { apiKeyPresets } from '../src/api-key-presets.js';
import { accountAnswer, expectedAccount, GOOD_KEY, presentedKey } from './fakes.js';

// The kit's conformance suite per API-key preset (one generated suite each), against a fake made from the entry:
// its verify route answers the account to the good key sent where the preset puts it (with the headers it
// declares), and 401 to anything else. The suite injects the refusals and outages itself.
for (const preset of apiKeyPresets) {
  // The fake serves the preset's API under the same path as the real host (`/v1`), so joining is tested too.
  const basePath = new URL(preset.apiBaseUrl).pathname.replace(/\/+$/, '');
  const verifyRoute = `GET ${basePath}${preset.verify.path}`;
  const declaredHeaders = (headers: Record<string, string | undefined>) =>
    Object.entries(preset.headers ?? {}).every(([name, value]) => headers[name.toLowerCase()] === value);
  testProvider(apiKeyPresetFactory(preset), {
    fake: () =>
      createFakeProvider({
        routes: {
          [verifyRoute]: ({ headers }) =>
            presentedKey(preset, headers) === GOOD_KEY && declaredHeaders(headers)
              ? { body: accountAnswer(preset.id, preset.verify) }
              : { status: 401, body: { error: 'invalid_api_key' } },
        },
      }),
    options: (fake) => ({ apiBaseUrl: fake.url(basePath) }),
    expect: {
      credentials: { apiKey: GOOD_KEY },
      verifyRoute,
      ...(preset.verify.id
        ? {
            account: {
              id: expectedAccount(preset.id).id,
              ...(preset.verify.name?.length ? { name: expectedAccount(preset.id).name } : {}),
            },
          }
        : {}),
      signedRequest: (request, credentials) => {
        expect(presentedKey(preset, request.headers), `the key, placed as ${preset.key.type}`).toBe(credentials.apiKey);
        expect(declaredHeaders(request.headers), `the declared headers ${JSON.stringify(preset.headers)}`).toBe(true);
      },
    },
  });
}

describe('API-key presets sign', () => {
  it("with the hub's default signer when the key is a bearer token (the proxy's fast path), else with their own", () => {
    for (const preset of apiKeyPresets) {
      const provider = apiKeyPresetFactory(preset)({});
      expect(provider.api?.authorize === undefined, preset.id).toBe(preset.key.type === 'bearer');
    }
  });
});
