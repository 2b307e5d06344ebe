import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packRelease } from '../src/pack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The release tarballs, packed once per run (`inject('tarballs')`). */
    tarballs: string[];
  }
}

/** Packs the release once for every test file of the run, and deletes the tarballs after it. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-tarballs-'));
  project.provide('tarballs', packRelease(dir));
  return () => rmSync(dir, { recursive: true, force: true });
}
