import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const hubModules = fileURLToPath(new URL('../node_modules/', import.meta.url));

/** A temporary folder outside the workspace, removed by `cleanup`. */
export function tempDir(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'plugboard-hub-fixture-'));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Writes files (path -> content) under `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/**
 * Installs @plugboard/core and zod into `<root>/node_modules` the way a third party's project would have them
 * (as dependencies of its own), so fixture plugins can build real factories with defineProvider.
 */
export function installCore(root: string): void {
  mkdirSync(join(root, 'node_modules', '@plugboard'), { recursive: true });
  symlinkSync(realpathSync(join(hubModules, '@plugboard/core')), join(root, 'node_modules/@plugboard/core'));
  symlinkSync(realpathSync(join(hubModules, 'zod')), join(root, 'node_modules/zod'));
}

/** A package.json declaring `plugboard.specVersion`. */
export function packageJson(name: string, specVersion: unknown = 1, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name,
    version: '1.0.0',
    type: 'module',
    exports: './index.js',
    plugboard: { specVersion },
    ...extra,
  });
}

/** Module source of a real provider factory: requires `clientId`, and names itself after its mount URL. */
export function factorySource(id: string): string {
  return `defineProvider({
  id: ${JSON.stringify(id)},
  optionsSchema: z.object({ clientId: z.string() }),
  setup: (options, context) => ({ name: 'Acme at ' + context.mountUrl, auth: { type: 'api_key' } }),
})`;
}

/** A module whose default export is one real factory. */
export function singleFactoryModule(id: string): string {
  return `import { defineProvider } from '@plugboard/core';\nimport { z } from 'zod';\nexport default ${factorySource(id)};\n`;
}
