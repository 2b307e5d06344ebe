import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the committed reference of `@plugboard/core` lives. */
export const REFERENCE_DIR = join(root, 'docs/reference');

/**
 * Writes the service API reference of `@plugboard/core` (Markdown, from its public types and doc comments) into
 * `outDir`: TypeDoc with typedoc-plugin-markdown, without source links, so the output depends only on the code.
 */
export async function generateReference(outDir: string): Promise<void> {
  const app = await Application.bootstrapWithPlugins({
    entryPoints: [join(root, 'packages/core/src/index.ts')],
    tsconfig: join(root, 'packages/core/tsconfig.build.json'),
    plugin: ['typedoc-plugin-markdown'],
    out: outDir,
    readme: 'none',
    name: '@plugboard/core',
    disableSources: true,
    excludePrivate: true,
    excludeInternal: true,
    logLevel: 'Error',
  });
  const project = await app.convert();
  if (!project || app.logger.hasErrors()) throw new Error('TypeDoc could not read @plugboard/core');
  await app.generateOutputs(project);
}

/** Every file under `dir`, relative to it, with its text (to compare a fresh reference with the committed one). */
export function readTree(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    files
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .map((file) => [relative(dir, file), readFileSync(file, 'utf8')]),
  );
}

// `pnpm --filter @plugboard/docs run reference` regenerates docs/reference/.
if (process.argv[1] === fileURLToPath(import.meta.url)) await generateReference(REFERENCE_DIR);
