import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../src/index.js';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
let workspace: { id: string; key: string };
beforeAll(async () => {
  api = await startApi();
  workspace = await api.workspace(['connections:read', 'connections:write', 'credentials:read', 'proxy']);
});
afterAll(() => api.close());

// Routes that answer browsers (pages and redirects) or providers' own bodies are not JSON endpoints.
const jsonRoutes = routes.filter((route) => !route.path.startsWith('/providers/') && route.renderError === undefined);

/** Mostly the expected thing, sometimes anything: the near misses are what find bugs. */
const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: unusual, weight: 1 });

const segment = (workspaceId: string) =>
  fc.oneof(
    fc.constantFrom(workspaceId, 'fake', 'keyed', 'mounted'),
    fc.constantFrom('%E0%A4%A', '%00', '..', '%2F', 'x'.repeat(300), '__proto__', 'constructor'),
    fc.uuid(),
    fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  );

const nearMiss = fc.record(
  {
    provider: mostly(fc.constantFrom('fake', 'keyed', 'mounted'), fc.jsonValue()),
    name: mostly(fc.string(), fc.jsonValue()),
    scopes: mostly(fc.array(fc.constantFrom('connections:read', 'proxy', 'bogus')), fc.jsonValue()),
    credentials: mostly(
      fc.record({ type: fc.constantFrom('api_key', 'basic', 'raw', 'oauth2', 'x'), apiKey: fc.jsonValue() }),
      fc.jsonValue(),
    ),
    returnTo: fc.oneof(fc.webUrl(), fc.string()),
    allowedReturnOrigins: fc.array(fc.oneof(fc.webUrl(), fc.string())),
    code: fc.string(),
    state: fc.string(),
    redirectUri: fc.oneof(fc.webUrl(), fc.string()),
    clientId: mostly(fc.string(), fc.jsonValue()),
    shared: mostly(fc.boolean(), fc.jsonValue()),
    ownerId: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  { arbitrary: nearMiss, weight: 3 },
  { arbitrary: fc.jsonValue(), weight: 1 },
  { arbitrary: fc.string({ maxLength: 50 }), weight: 1 }, // sent raw: mostly malformed JSON
  { arbitrary: fc.constant(undefined), weight: 1 },
);

const query = fc.dictionary(
  fc.constantFrom('limit', 'cursor', 'status', 'provider', 'ownerId', 'x'),
  fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('active', 'fake')),
  { maxKeys: 3 },
);

describe('fuzzing every JSON endpoint', () => {
  it('never answers 5xx, and every 4xx carries the error body', async () => {
    const request = fc.record({
      route: fc.constantFrom(...jsonRoutes),
      segments: fc.array(segment(workspace.id), { minLength: 2, maxLength: 2 }),
      method: mostly(fc.constant(undefined), fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
      query,
      body,
    });
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        let index = 0;
        const path = input.route.path.replace(/:(\w+)/g, () => input.segments[index++]!);
        const search = new URLSearchParams(input.query).toString();
        const method = input.method ?? input.route.method.toUpperCase();
        const answer = await api.call(method, search ? `${path}?${search}` : path, {
          key: input.route.access === 'admin' ? api.adminKey : workspace.key,
          // fetch itself refuses a GET or HEAD with a body.
          body: method === 'GET' || method === 'HEAD' ? undefined : input.body,
        });
        expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(500);
        // An answer to HEAD has no body.
        if (answer.status >= 400 && method !== 'HEAD') {
          expect(answer.json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
