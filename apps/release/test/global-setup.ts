import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packRelease, useLocalPrebuilds } from '../src/pack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The release tarballs, packed once per run (`inject('tarballs')`). */
    tarballs: string[];
  }
}

/**
 * Packs the release once for every test file of the run, offers the test files' npm installs a prebuilt
 * better-sqlite3 (the workers inherit the variable), and deletes both after the run.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-tarballs-'));
  useLocalPrebuilds(join(dir, 'prebuilds'));
  project.provide('tarballs', packRelease(dir));
  return () => rmSync(dir, { recursive: true, force: true });
}
