import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateReference, REFERENCE_DIR, readTree } from '../src/reference.js';

it('the committed service API reference (docs/reference/) is what the public types generate now', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-reference-'));
  try {
    await generateReference(dir);
    // On a difference: `pnpm --filter @plugboard/docs run reference`, and commit docs/reference/.
    expect(readTree(REFERENCE_DIR)).toEqual(readTree(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
