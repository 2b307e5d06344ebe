import { hkdfSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  type ErrorDetail,
  isProvider,
  isProviderFactory,
  type Provider,
  type ProviderFactory,
  SPEC_VERSION,
} from '@plugboard/core';
import type { ProviderEntry } from '../config/schema.js';
import { formatProblems, PluginError, pluginError } from '../errors.js';
import { type ResolvedPlugin, resolvePlugin } from './resolve.js';
import { declaredOptions, unknownOptions } from './strict-options.js';

/** Where the providers live: the config file's folder (for resolution) and the hub's public URL (for mounting). */
export interface LoadProvidersContext {
  configDir: string;
  publicUrl: string;
  /** The hub's encryption key that per-installation plugin keys derive from (the first, which encrypts). */
  encryptionKey?: string | undefined;
}

/** Loads every `providers:` entry in order. Throws a PluginError for the first entry that fails, or a duplicate id. */
export async function loadProviders(
  config: { providers: ProviderEntry[] },
  context: LoadProvidersContext,
): Promise<Provider<any>[]> {
  const providers: Provider<any>[] = [];
  const owners = new Map<string, number>();
  for (const [index, entry] of config.providers.entries()) {
    const provider = await loadProvider(entry, index, context);
    const first = owners.get(provider.id);
    if (first !== undefined) {
      const path = `providers[${index}]${entry.id === undefined ? '' : '.id'}`;
      throw pluginError(
        'duplicate_id',
        path,
        `duplicate provider id "${provider.id}": providers[${first}] (${config.providers[first]!.use}) and ` +
          `providers[${index}] (${entry.use}) both have it; give one of them another id with id:`,
      );
    }
    owners.set(provider.id, index);
    providers.push(provider);
  }
  return providers;
}

/**
 * Loads one entry: locate the plugin, check the spec version its package.json declares before any of its code
 * runs, import it, pick the factory, then build the provider with the entry's options and check its brand.
 */
export async function loadProvider(
  entry: ProviderEntry,
  index: number,
  context: LoadProvidersContext,
): Promise<Provider<any>> {
  const path = `providers[${index}]`;
  const plugin = resolvePlugin(entry.use, `${path}.use`, context.configDir);
  checkDeclaredSpecVersion(plugin, entry.use, `${path}.use`);
  const module = await importPlugin(plugin.entry, entry.use, `${path}.use`, context.configDir);
  const factory = pickFactory(module, entry, path);
  return buildProvider(factory, entry, path, context);
}

function checkDeclaredSpecVersion(plugin: ResolvedPlugin, use: string, path: string): void {
  if (!plugin.packageJson) return;
  const { path: file, content } = plugin.packageJson;
  const label = content.name ? `${content.name}${content.version ? `@${content.version}` : ''}` : use;
  const declared = content.plugboard?.specVersion;
  if (declared === undefined) {
    throw pluginError(
      'incompatible',
      path,
      `"${label}" does not declare "plugboard": { "specVersion": ${SPEC_VERSION} } in ${file}, so it is not ` +
        'a Plugboard provider plugin',
    );
  }
  if (declared !== SPEC_VERSION) {
    throw pluginError(
      'incompatible',
      path,
      `"${label}" declares plugboard.specVersion ${JSON.stringify(declared)}, but this hub supports specVersion ` +
        `${SPEC_VERSION}: use a version of the plugin written for spec ${SPEC_VERSION}`,
    );
  }
}

async function importPlugin(entry: string, use: string, path: string, configDir: string): Promise<unknown> {
  try {
    return await import(pathToFileURL(entry).href);
  } catch (error) {
    const missing = missingPackage(error);
    if (missing !== undefined) {
      throw pluginError(
        'missing_dependency',
        path,
        `"${use}" imports "${missing}", which is not installed where it can see it: install it next to the plugin ` +
          `(npm install ${missing} in ${configDir}); a plugin's @plugboard/core is a peer dependency it shares with the hub`,
        error,
      );
    }
    throw pluginError('broken', path, `"${use}" is installed but failed to load: ${(error as Error).message}`, error);
  }
}

// The package a failed import could not find, as Node (and Vite, under the tests) words it.
function missingPackage(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  const name = /Cannot find (?:package|module) '((?:@[^/']+\/)?[^/'.][^/']*)'/.exec(message)?.[1];
  return name !== undefined && /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) ? name : undefined;
}

function pickFactory(module: unknown, entry: ProviderEntry, path: string): ProviderFactory {
  const exported = (module as { default?: unknown }).default;
  const factories: Array<[string, ProviderFactory]> = isProviderFactory(exported)
    ? [[exported.id, exported]]
    : typeof exported === 'object' && exported !== null
      ? Object.entries(exported).filter((pair): pair is [string, ProviderFactory] => isProviderFactory(pair[1]))
      : [];
  if (factories.length === 0) {
    throw pluginError(
      'not_a_provider',
      `${path}.use`,
      `"${entry.use}" does not export a provider factory (its default export is ${describe(exported)}); a plugin's ` +
        'default export is defineProvider(...) or a record of them keyed by provider id',
    );
  }
  const ids = factories.map(([id]) => id).join(', ');
  const picked =
    entry.provider === undefined && isProviderFactory(exported)
      ? factories[0]
      : factories.find(([id]) => id === entry.provider);
  if (!picked) {
    const message =
      entry.provider === undefined
        ? `required: "${entry.use}" offers several providers (${ids}); pick one with provider:`
        : `"${entry.provider}" is not a provider of "${entry.use}"; it offers: ${ids}`;
    throw pluginError('bad_pick', `${path}.provider`, message);
  }
  const factory = picked[1];
  if (factory.specVersion !== SPEC_VERSION) {
    throw pluginError(
      'incompatible',
      `${path}.use`,
      `"${entry.use}" was built for provider spec ${JSON.stringify(factory.specVersion)}, but this hub supports ` +
        `specVersion ${SPEC_VERSION}`,
    );
  }
  return factory;
}

function buildProvider(
  factory: ProviderFactory,
  entry: ProviderEntry,
  path: string,
  context: LoadProvidersContext,
): Provider<any> {
  const id = entry.id ?? factory.id;
  const mountUrl = `${context.publicUrl}/providers/${id}`;
  // Unknown options are refused, not ignored: `scope:` for `scopes:` would otherwise be silently dropped.
  const declared = declaredOptions(factory.optionsSchema);
  const unknown = declared ? unknownOptions(entry.options ?? {}, declared, `${path}.options`) : [];
  let provider: unknown;
  try {
    provider = factory(entry.options ?? {}, {
      id,
      publicUrl: context.publicUrl,
      mountUrl,
      installationKey: installationKeys(context.encryptionKey, id),
    });
  } catch (error) {
    const failure = setupError(error, entry, path);
    if (failure.reason !== 'invalid_options' || unknown.length === 0) throw failure;
    throw optionsError(entry, [...(failure.details ?? []), ...unknown], error);
  }
  if (unknown.length > 0) throw optionsError(entry, unknown);
  if (!isProvider(provider)) {
    throw pluginError('not_a_provider', `${path}.use`, `the factory of "${entry.use}" did not return a provider`);
  }
  if (provider.specVersion !== SPEC_VERSION) {
    throw pluginError(
      'incompatible',
      `${path}.use`,
      `"${entry.use}" made a provider for spec ${JSON.stringify(provider.specVersion)}, but this hub supports ` +
        `specVersion ${SPEC_VERSION}`,
    );
  }
  if (provider.id !== id) {
    throw pluginError(
      'setup_failed',
      `${path}.use`,
      `"${entry.use}" ignored the id it was given ("${id}") and calls its provider "${provider.id}"`,
    );
  }
  return provider;
}

function optionsError(entry: ProviderEntry, details: ErrorDetail[], cause?: unknown): PluginError {
  const which = `"${entry.use}"${entry.provider ? ` (provider ${entry.provider})` : ''}`;
  return new PluginError('invalid_options', `Invalid options for ${which}:\n${formatProblems(details)}`, details, {
    cause,
  });
}

// Validation errors are recognized by shape, not class: a third-party plugin may bring its own copy of core.
function setupError(error: unknown, entry: ProviderEntry, path: string): PluginError {
  const { code, details } = (error ?? {}) as { code?: unknown; details?: unknown };
  if (code === 'validation_error' && Array.isArray(details)) {
    const prefixed: ErrorDetail[] = (details as ErrorDetail[]).map((detail) => ({
      path: `${path}.${detail.path}`,
      message: friendlyMessage(detail.message),
    }));
    return optionsError(entry, prefixed, error);
  }
  return pluginError(
    'setup_failed',
    path,
    `"${entry.use}" failed to set up: ${error instanceof Error ? error.message : String(error)}`,
    error,
  );
}

// zod's wording for a missing key, as the config's own errors say it.
function friendlyMessage(message: string): string {
  return /^Invalid input: expected \w+, received undefined$/.test(message) ? 'required' : message;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function without the provider-factory brand';
  return typeof value === 'object' ? 'an object without provider factories' : `a ${typeof value}`;
}

// Keys a plugin derives for itself (the sandbox's signing key): HKDF, so they reveal nothing of the encryption key.
function installationKeys(encryptionKey: string | undefined, id: string): ((label: string) => Buffer) | undefined {
  if (encryptionKey === undefined) return undefined;
  const ikm = Buffer.from(encryptionKey, 'base64');
  return (label) => Buffer.from(hkdfSync('sha256', ikm, `plugboard/provider/${id}`, label, 32));
}
