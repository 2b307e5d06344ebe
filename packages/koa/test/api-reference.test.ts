import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiReference } from '../src/api-reference.js';
import { toOpenApiPath } from '../src/openapi.js';
import { routes } from '../src/routes/index.js';

describe('docs/api.md', () => {
  it('matches the route table (run `pnpm --filter @plugboard/koa run docs` after changing routes)', () => {
    const page = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    expect(page).toBe(renderApiReference());
    for (const route of routes) expect(page).toContain(`\`${toOpenApiPath(route.path)}\``);
  });
});
