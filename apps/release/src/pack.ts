import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WORKSPACE_FOLDERS = ['packages', 'plugins', 'apps'];

/** A package the release ships. */
export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
}

/** Every workspace package that is not private, in a stable order. */
export function publicPackages(): PublicPackage[] {
  return WORKSPACE_FOLDERS.flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .map((name) => join(ROOT, folder, name))
      .filter((dir) => existsSync(join(dir, 'package.json'))),
  )
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name as string, version: manifest.version as string, dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Packs every public package (already built: `pnpm build`) into `outDir` with pnpm, which swaps `workspace:`
 * ranges for real versions and `exports` for `publishConfig.exports` (dist only). Returns the tarball paths.
 */
export function packRelease(outDir: string): string[] {
  const packages = publicPackages();
  const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.dir, 'dist')));
  if (unbuilt.length > 0) {
    throw new Error(`not built (run pnpm build first): ${unbuilt.map((pkg) => pkg.name).join(', ')}`);
  }
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const filters = packages.flatMap((pkg) => ['--filter', pkg.name]);
  const [command, ...prefix] = pnpm();
  execFileSync(command!, [...prefix, '--recursive', ...filters, 'pack', '--pack-destination', out], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return packages.map((pkg) => join(out, `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`));
}

// The hub and what it needs to run; plugin-kit (a test kit with vitest as a peer) and connect (a browser helper)
// are not part of a server install.
const SERVER_TARBALLS = /^plugboard-(core|koa|hub|provider-[a-z0-9]+)-/;

// prebuild-install (better-sqlite3's install script) takes its local prebuilds folder from this variable.
const LOCAL_PREBUILDS = 'npm_config_better_sqlite3_local_prebuilds';

/**
 * An environment with nothing of pnpm's, vitest's or tsx's in it, for npm and the installed hub; it keeps only the
 * local prebuilds folder of {@link useLocalPrebuilds}.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const prebuilds = process.env[LOCAL_PREBUILDS];
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: tmpdir(),
    ...(prebuilds ? { [LOCAL_PREBUILDS]: prebuilds } : {}),
    ...extra,
  };
}

/**
 * Offers the workspace's compiled better-sqlite3 to the npm installs of this process as the prebuilt binary
 * prebuild-install looks for. With network, npm installs download that binary from the package's GitHub releases;
 * offline (CI here) each would compile SQLite from source instead, a minute or more apiece. An install that
 * resolves another better-sqlite3 version finds no file of its name and compiles, as before.
 */
export function useLocalPrebuilds(dir: string): void {
  const requireFromCore = createRequire(join(ROOT, 'packages/core/package.json'));
  const manifestPath = requireFromCore.resolve('better-sqlite3/package.json');
  const { version } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-czf', join(dir, name), '-C', join(manifestPath, '..'), 'build/Release/better_sqlite3.node']);
  process.env[LOCAL_PREBUILDS] = resolve(dir);
}

/** Runs plain npm in `cwd`, quietly. */
export function npm(cwd: string, args: string[]): void {
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env: cleanEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Makes `dir` a config folder as docs/self-hosting.md does: a package.json, then the server's tarballs installed
 * with plain npm. Returns the installed `plugboard` bin.
 */
export function installServer(tarballs: string[], dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-plugboard', private: true }));
  npm(dir, ['install', ...tarballs.filter((file) => SERVER_TARBALLS.test(file.split('/').pop()!))]);
  return join(dir, 'node_modules/.bin/plugboard');
}

/** The tarball of one release package (`plugin-kit` finds plugboard-plugin-kit-<version>.tgz). */
export function tarballOf(tarballs: string[], name: string): string {
  const found = tarballs.find((file) => new RegExp(`/plugboard-${name}-\\d[^/]*\\.tgz$`).test(file));
  if (!found) throw new Error(`no ${name} tarball among ${tarballs.join(', ')}`);
  return found;
}

// The pnpm that runs this script when there is one (`pnpm release:pack`, `pnpm test`), else pnpm 10 through npx.
function pnpm(): string[] {
  const current = process.env.npm_execpath;
  return current && /pnpm/.test(current) ? [process.execPath, current] : ['npx', '-y', 'pnpm@10'];
}
