import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SPEC_VERSION } from '@plugboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderEntry } from '../src/config/schema.js';
import { PluginError } from '../src/errors.js';
import { loadProviders } from '../src/plugins/loader.js';
import { factorySource, installCore, packageJson, singleFactoryModule, tempDir, writeFiles } from './fixtures.js';

const publicUrl = 'http://hub.test:3000';
let dir: { root: string; cleanup: () => void };
let project: string;

// Layout: <root>/node_modules holds core and zod (as a third party's install would);
// <root>/project is the config file's folder, with its own node_modules of fake plugins.
beforeEach(() => {
  dir = tempDir();
  installCore(dir.root);
  project = join(dir.root, 'project');
  mkdirSync(project);
  writeFiles(project, {
    'node_modules/acme-ok/package.json': packageJson('acme-ok'),
    'node_modules/acme-ok/index.js': singleFactoryModule('acme'),
  });
});
afterEach(() => dir.cleanup());

const load = (providers: ProviderEntry[]) => loadProviders({ providers }, { configDir: project, publicUrl });

async function failure(providers: ProviderEntry[]): Promise<PluginError> {
  const error = await load(providers).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('loadProviders', () => {
  it("loads a package from the config file's folder, with its options and hub id", async () => {
    const [provider] = await load([{ use: 'acme-ok', options: { clientId: 'abc' } }]);
    expect(provider).toMatchObject({ kind: 'plugboard.provider', specVersion: SPEC_VERSION, id: 'acme' });
    expect(provider!.name).toBe(`Acme at ${publicUrl}/providers/acme`);
  });

  it('loads the bundled sandbox from the hub installation', async () => {
    const [sandbox] = await load([{ use: '@plugboard/provider-sandbox' }]);
    expect(sandbox).toMatchObject({ kind: 'plugboard.provider', id: 'sandbox', name: 'Sandbox' });
    expect(sandbox!.auth).toMatchObject({
      type: 'oauth2',
      authorizationUrl: `${publicUrl}/providers/sandbox/authorize`,
    });
  });

  it("prefers the config file's folder over the hub installation", async () => {
    writeFiles(project, {
      'node_modules/@plugboard/provider-sandbox/package.json': packageJson('@plugboard/provider-sandbox'),
      'node_modules/@plugboard/provider-sandbox/index.js': singleFactoryModule('local-sandbox'),
    });
    const [provider] = await load([{ use: '@plugboard/provider-sandbox', options: { clientId: 'x' } }]);
    expect(provider!.id).toBe('local-sandbox');
  });

  it('refuses a package declaring another spec version before running any of its code', async () => {
    writeFiles(project, {
      'node_modules/acme-future/package.json': packageJson('acme-future', 2),
      'node_modules/acme-future/index.js': `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./ran', import.meta.url), 'the plugin ran');
export default {};
`,
    });
    const error = await failure([{ use: 'acme-ok', options: { clientId: 'a' } }, { use: 'acme-future' }]);
    expect(error.reason).toBe('incompatible');
    expect(error.message).toBe(
      'providers[1].use: "acme-future@1.0.0" declares plugboard.specVersion 2, but this hub supports specVersion 1: ' +
        'use a version of the plugin written for spec 1',
    );
    expect(existsSync(join(project, 'node_modules/acme-future/ran'))).toBe(false);

    // The marker does prove a run: the same module declaring spec 1 is imported (then refused for its export).
    writeFiles(project, { 'node_modules/acme-future/package.json': packageJson('acme-future', 1) });
    expect((await failure([{ use: 'acme-future' }])).reason).toBe('not_a_provider');
    expect(existsSync(join(project, 'node_modules/acme-future/ran'))).toBe(true);
  });

  it('refuses a package that declares no spec version, without running it', async () => {
    writeFiles(project, {
      'node_modules/not-a-plugin/package.json': JSON.stringify({ name: 'not-a-plugin', exports: './index.js' }),
      'node_modules/not-a-plugin/index.js': `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./ran', import.meta.url), 'the plugin ran');
`,
    });
    const error = await failure([{ use: 'not-a-plugin' }]);
    expect(error.reason).toBe('incompatible');
    expect(error.message).toContain('does not declare "plugboard": { "specVersion": 1 }');
    expect(existsSync(join(project, 'node_modules/not-a-plugin/ran'))).toBe(false);
  });

  it('tells "not installed" (and where it looked) from "installed but broken" (and why)', async () => {
    const missing = await failure([{ use: '@acme/plugboard-provider-nowhere' }]);
    expect(missing.reason).toBe('not_installed');
    expect(missing.message).toContain('providers[0].use: package "@acme/plugboard-provider-nowhere" is not installed');
    expect(missing.message).toContain(project);
    expect(missing.message).toContain("hub's installation");

    writeFiles(project, {
      'node_modules/acme-broken/package.json': packageJson('acme-broken'),
      'node_modules/acme-broken/index.js': "throw new Error('boom: the plugin could not start');\n",
    });
    const broken = await failure([{ use: 'acme-broken' }]);
    expect(broken.reason).toBe('broken');
    expect(broken.message).toBe(
      'providers[0].use: "acme-broken" is installed but failed to load: boom: the plugin could not start',
    );

    writeFiles(project, { 'node_modules/acme-unbuilt/package.json': packageJson('acme-unbuilt') });
    const unbuilt = await failure([{ use: 'acme-unbuilt' }]);
    expect(unbuilt.reason).toBe('broken');
    expect(unbuilt.message).toContain('is missing; is it built?');
  });

  it('names a dependency the plugin cannot see (its @plugboard/core peer), and where to install it', async () => {
    const lonely = tempDir();
    try {
      writeFiles(lonely.root, {
        'node_modules/acme-lonely/package.json': packageJson('acme-lonely'),
        'node_modules/acme-lonely/index.js': singleFactoryModule('acme'),
      });
      const error = await loadProviders(
        { providers: [{ use: 'acme-lonely' }] },
        { configDir: lonely.root, publicUrl },
      ).then(
        () => undefined,
        (caught: unknown) => caught as PluginError,
      );
      expect(error?.reason).toBe('missing_dependency');
      expect(error?.message).toContain('"acme-lonely" imports "@plugboard/core", which is not installed where it can');
      expect(error?.message).toContain(`npm install @plugboard/core in ${lonely.root}`);
    } finally {
      lonely.cleanup();
    }
  });

  it('never resolves from the working directory', async () => {
    const cwd = join(dir.root, 'elsewhere');
    writeFiles(cwd, {
      'node_modules/acme-cwd/package.json': packageJson('acme-cwd'),
      'node_modules/acme-cwd/index.js': singleFactoryModule('cwd'),
    });
    const before = process.cwd();
    process.chdir(cwd);
    try {
      expect((await failure([{ use: 'acme-cwd' }])).reason).toBe('not_installed');
    } finally {
      process.chdir(before);
    }
  });

  it('picks one factory of a record with provider:, and lists the ids when the pick is missing or unknown', async () => {
    writeFiles(project, {
      'node_modules/acme-suite/package.json': packageJson('acme-suite'),
      'node_modules/acme-suite/index.js': `import { defineProvider } from '@plugboard/core';
import { z } from 'zod';
export default { mail: ${factorySource('acme-mail')}, drive: ${factorySource('acme-drive')}, version: '1.0.0' };
`,
    });
    const [drive] = await load([{ use: 'acme-suite', provider: 'drive', options: { clientId: 'c' } }]);
    expect(drive!.id).toBe('acme-drive');

    const missing = await failure([{ use: 'acme-suite' }]);
    expect(missing.reason).toBe('bad_pick');
    expect(missing.message).toBe(
      'providers[0].provider: required: "acme-suite" offers several providers (mail, drive); pick one with provider:',
    );
    const unknown = await failure([{ use: 'acme-suite', provider: 'calendar' }]);
    expect(unknown.message).toBe(
      'providers[0].provider: "calendar" is not a provider of "acme-suite"; it offers: mail, drive',
    );
    const wrongSingle = await failure([{ use: 'acme-ok', provider: 'other' }]);
    expect(wrongSingle.message).toContain('it offers: acme');
  });

  it('refuses duplicate ids, naming both entries, and accepts an id: override', async () => {
    const error = await failure([
      { use: 'acme-ok', options: { clientId: 'a' } },
      { use: 'acme-ok', options: { clientId: 'b' } },
    ]);
    expect(error.reason).toBe('duplicate_id');
    expect(error.message).toContain('duplicate provider id "acme": providers[0] (acme-ok) and providers[1] (acme-ok)');

    const providers = await load([
      { use: 'acme-ok', options: { clientId: 'a' } },
      { use: 'acme-ok', id: 'acme-eu', options: { clientId: 'b' } },
    ]);
    expect(providers.map((provider) => provider.id)).toEqual(['acme', 'acme-eu']);
    expect(providers[1]!.name).toBe(`Acme at ${publicUrl}/providers/acme-eu`);

    const clash = await failure([
      { use: 'acme-ok', options: { clientId: 'a' } },
      { use: '@plugboard/provider-sandbox', id: 'acme' },
    ]);
    expect(clash.details?.[0]?.path).toBe('providers[1].id');
  });

  it("prefixes option errors with the entry's path", async () => {
    const error = await failure([{ use: '@plugboard/provider-sandbox' }, { use: 'acme-ok', options: {} }]);
    expect(error.reason).toBe('invalid_options');
    expect(error.details).toEqual([{ path: 'providers[1].options.clientId', message: 'required' }]);
    expect(error.message).toBe('Invalid options for "acme-ok":\n  providers[1].options.clientId: required');
    const sandbox = await failure([{ use: '@plugboard/provider-sandbox', options: { tokenTtlSeconds: -1 } }]);
    expect(sandbox.details?.[0]?.path).toBe('providers[0].options.tokenTtlSeconds');
  });

  it('loads a third-party plugin from a folder outside the workspace by relative path', async () => {
    writeFiles(dir.root, {
      'vendor/acme-vendor/package.json': packageJson('@acme/plugboard-provider-vendor'),
      'vendor/acme-vendor/index.js': singleFactoryModule('vendor'),
      'vendor/acme-future/package.json': packageJson('acme-future', 3),
      'vendor/acme-future/plugin.js': `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./ran', import.meta.url), 'the plugin ran');
`,
    });
    const providers = await load([
      { use: '../vendor/acme-vendor', options: { clientId: 'a' } },
      { use: '../vendor/acme-vendor/index.js', id: 'vendor-file', options: { clientId: 'b' } },
    ]);
    expect(providers.map((provider) => provider.id)).toEqual(['vendor', 'vendor-file']);

    // A lone file is checked against the package.json next to it when that one declares a spec version.
    const future = await failure([{ use: '../vendor/acme-future/plugin.js' }]);
    expect(future.reason).toBe('incompatible');
    expect(future.message).toContain('declares plugboard.specVersion 3');
    expect(existsSync(join(dir.root, 'vendor/acme-future/ran'))).toBe(false);

    const nowhere = await failure([{ use: './plugins/missing.js' }]);
    expect(nowhere.reason).toBe('not_installed');
    expect(nowhere.message).toContain(join(project, 'plugins/missing.js'));
  });

  it("loads a lone file plugin inside the user's project without a spec declaration", async () => {
    writeFiles(project, {
      'package.json': JSON.stringify({ name: 'my-hub', private: true, type: 'module' }),
      'plugins/my-provider.js': singleFactoryModule('mine'),
    });
    const [provider] = await load([{ use: './plugins/my-provider.js', options: { clientId: 'a' } }]);
    expect(provider!.id).toBe('mine');
  });

  // The negative shapes below are written by hand on purpose: they are what a broken plugin would export.
  it('refuses exports without the provider-factory brand', async () => {
    writeFiles(project, {
      'node_modules/acme-plain/package.json': packageJson('acme-plain'),
      'node_modules/acme-plain/index.js': 'export default function provider() { return {}; }\n',
      'node_modules/acme-none/package.json': packageJson('acme-none'),
      'node_modules/acme-none/index.js': 'export const notDefault = 1;\n',
    });
    const plain = await failure([{ use: 'acme-plain' }]);
    expect(plain.reason).toBe('not_a_provider');
    expect(plain.message).toContain('does not export a provider factory (its default export is a function without');
    const none = await failure([{ use: 'acme-none' }]);
    expect(none.message).toContain('its default export is missing');
  });

  it('checks the brand and spec version of what the factory returns', async () => {
    const fake = (returned: string, specVersion = 1) => `const factory = () => (${returned});
export default Object.assign(factory, { kind: 'plugboard.provider-factory', specVersion: ${specVersion}, id: 'fake', optionsSchema: {} });
`;
    writeFiles(project, {
      'node_modules/fake-unbranded/package.json': packageJson('fake-unbranded'),
      'node_modules/fake-unbranded/index.js': fake("{ id: 'fake' }"),
      'node_modules/fake-v2/package.json': packageJson('fake-v2'),
      'node_modules/fake-v2/index.js': fake("{ kind: 'plugboard.provider', specVersion: 2, id: 'fake' }"),
      'node_modules/fake-old-factory/package.json': packageJson('fake-old-factory'),
      'node_modules/fake-old-factory/index.js': fake('{}', 0),
      'node_modules/fake-throws/package.json': packageJson('fake-throws'),
      'node_modules/fake-throws/index.js': `export default Object.assign(() => { throw new Error('no network'); },
  { kind: 'plugboard.provider-factory', specVersion: 1, id: 'fake', optionsSchema: {} });
`,
    });
    expect((await failure([{ use: 'fake-unbranded' }])).message).toBe(
      'providers[0].use: the factory of "fake-unbranded" did not return a provider',
    );
    expect((await failure([{ use: 'fake-v2' }])).message).toContain('made a provider for spec 2');
    expect((await failure([{ use: 'fake-old-factory' }])).message).toContain('was built for provider spec 0');
    const throws = await failure([{ use: 'fake-throws' }]);
    expect(throws.reason).toBe('setup_failed');
    expect(throws.message).toBe('providers[0]: "fake-throws" failed to set up: no network');
  });
});
