import type { Access } from './auth.js';
import { STATUS_BY_CODE } from './errors.js';
import { declaredStatuses, SERVER_ERRORS, toOpenApiPath } from './openapi.js';
import { routes } from './routes/index.js';
import { MAX_HEADER_BYTES, MAX_URL_LENGTH } from './server.js';

/** The API reference page (docs/api.md), rendered from the same route table as the router and the OpenAPI document. */
export function renderApiReference(): string {
  const lines = [
    '# HTTP API v1',
    '',
    '<!-- Generated from the route table by `pnpm --filter @plugboard/koa run docs`; a test fails when it drifts. -->',
    '',
    'JSON in and out. Authenticate with `Authorization: Bearer <key>`: the admin key manages workspaces and',
    'their API keys; a workspace key acts inside its own workspace only, within its scopes. Another',
    "workspace's ids answer 404, never 403. The full schemas are in the OpenAPI 3.1 document the hub serves",
    'at `/openapi.json`; it declares each status below with its error codes. HEAD is served wherever GET is.',
    `Any route may also answer ${SERVER_ERRORS.map((code) => STATUS_BY_CODE[code]).join(', ')}: the hub's HTTP server refuses a request that is too slow, a URL`,
    `over ${MAX_URL_LENGTH / 1024} KiB and headers over ${MAX_HEADER_BYTES / 1024} KiB itself, with the same error body.`,
    '',
    '| method | path | who may call | what | statuses |',
    '|---|---|---|---|---|',
  ];
  for (const route of routes) {
    lines.push(
      `| ${route.method.toUpperCase()} | \`${toOpenApiPath(route.path)}\` | ${who(route.access)} | ${route.summary} | ${declaredStatuses(route).join(', ')} |`,
    );
  }
  lines.push(
    '',
    '## Errors',
    '',
    'Every error answer is `{ "error": "<code>", "message": "<sentence>", "details"?: [{ "path", "message" }] }`.',
    'Bad input of any shape is refused with a 4xx and changes nothing; a 500 never carries a stack. A property-based',
    'test (`packages/koa/test/fuzz.test.ts`, fast-check) sends generated and mutated paths, queries, bodies and',
    'headers to every operation of `/openapi.json` and checks each answer against it: no 5xx, the status and media',
    'type declared, the body valid against its schema. `FUZZ_SEED` and `FUZZ_RUNS` change its seed and length.',
    '',
    '| code | status |',
    '|---|---|',
    ...Object.entries(STATUS_BY_CODE).map(([code, status]) => `| \`${code}\` | ${status} |`),
    '',
  );
  return lines.join('\n');
}

function who(access: Access): string {
  if (access === 'public') return 'anyone';
  if (access === 'admin') return 'admin key';
  if (access === 'authenticated') return 'any key';
  if (access === 'agent') return 'key with `mcp`, or an MCP token';
  return `key with \`${access.scope}\``;
}
