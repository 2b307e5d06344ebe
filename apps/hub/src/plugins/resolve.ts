import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pluginError } from '../errors.js';
import { HUB_DIR } from '../package-dir.js';

/** The parts of a plugin's package.json the hub reads. */
export interface PluginPackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  plugboard?: { specVersion?: unknown };
}

/** A plugin located on disk, not yet imported. */
export interface ResolvedPlugin {
  /** The module to import (symlinks resolved, as Node does). */
  entry: string;
  /** The package.json that declares the plugin's spec version; absent for a lone file plugin. */
  packageJson?: { path: string; content: PluginPackageJson } | undefined;
}

const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
// Conditions an ESM import matches, as Node resolves `exports`. A hub running from its TypeScript source (the
// workspace, under tsx or vitest) loads the bundled plugins' source too, through the workspace's own condition.
const CONDITIONS = new Set([
  ...(import.meta.url.endsWith('.ts') ? ['@plugboard/source'] : []),
  'import',
  'node',
  'default',
]);

/** True when `use` is a path (resolved from the config file's folder) rather than a package name. */
export function isPathSpecifier(use: string): boolean {
  return use.startsWith('./') || use.startsWith('../') || isAbsolute(use);
}

/**
 * Locates the plugin named by `use` without running any of its code. A package name is looked up in the
 * node_modules folders above the config file's folder, then above the hub's installation; never from the
 * working directory. A path may name a package folder or a single module file.
 */
export function resolvePlugin(use: string, path: string, configDir: string): ResolvedPlugin {
  return isPathSpecifier(use) ? resolvePath(use, path, configDir) : resolvePackage(use, path, configDir);
}

function resolvePackage(name: string, path: string, configDir: string): ResolvedPlugin {
  if (!PACKAGE_NAME.test(name)) {
    throw pluginError(
      'not_installed',
      path,
      `"${name}" is neither a package name nor a path (write ./ or ../ for a file next to the config)`,
    );
  }
  const dir = findInNodeModules(name, configDir) ?? findInNodeModules(name, HUB_DIR);
  if (!dir) {
    throw pluginError(
      'not_installed',
      path,
      `package "${name}" is not installed: looked in the node_modules folders above the config file's folder ` +
        `(${configDir}) and above the hub's installation (${HUB_DIR}); install it next to the config file`,
    );
  }
  return packageFolder(dir, name, path);
}

function resolvePath(use: string, path: string, configDir: string): ResolvedPlugin {
  const target = resolve(configDir, use);
  if (!existsSync(target)) {
    throw pluginError('not_installed', path, `${target} does not exist (paths resolve from the config file's folder)`);
  }
  if (statSync(target).isDirectory()) return packageFolder(target, use, path);
  return { entry: realpathSync(target), packageJson: declaringPackageJson(dirname(target), path) };
}

// A lone file plugin is checked against the nearest package.json above it only when that one declares
// `plugboard`: a file inside the user's own project is not a package of its own, and still gets the brand and
// spec version checks after import.
function declaringPackageJson(from: string, path: string): ResolvedPlugin['packageJson'] {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const content = readPackageJson(file, path);
      return content.plugboard === undefined ? undefined : { path: file, content };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function packageFolder(dir: string, label: string, path: string): ResolvedPlugin {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) {
    throw pluginError('not_installed', path, `${dir} has no package.json: point use: at the plugin's module file`);
  }
  const content = readPackageJson(file, path);
  const target = mainEntry(content);
  const entry = target === undefined ? undefined : resolve(dir, target);
  if (!entry || !existsSync(entry)) {
    throw pluginError(
      'broken',
      path,
      `"${label}" is installed at ${dir} but its entry point ${entry ?? '(none for import)'} is missing; is it built?`,
    );
  }
  return { entry: realpathSync(entry), packageJson: { path: file, content } };
}

function findInNodeModules(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readPackageJson(file: string, path: string): PluginPackageJson {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PluginPackageJson;
  } catch (error) {
    throw pluginError('broken', path, `${file} is not valid JSON: ${(error as Error).message}`, error);
  }
}

// The package's main entry as an ESM import resolves it: `exports["."]` with import/node/default conditions,
// else `main`, else index.js.
function mainEntry(pkg: PluginPackageJson): string | undefined {
  const exports = pkg.exports;
  if (exports === undefined || exports === null) return pkg.main ?? 'index.js';
  const isSubpathMap =
    typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  return pickTarget(isSubpathMap ? (exports as Record<string, unknown>)['.'] : exports);
}

function pickTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pickTarget).find((found) => found !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    const found = CONDITIONS.has(condition) ? pickTarget(value) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}
