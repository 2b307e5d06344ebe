// Builds a package that the hub loads at run time, in the package's folder (its `build` script). tsc writes the
// declarations (dist/**/*.d.ts); esbuild writes the JavaScript: one file per entry point of package.json's exports,
// the package's own modules inlined (chunks hold what several entry points share), its dependencies left as
// imports. Node 20 finds, reads and links each ES module file at a cost of its own, so an installed hub that loads
// a few dozen files starts hundreds of milliseconds sooner than one that loads a thousand. A dependency named by
// src/vendor/<package>.ts is inlined too (see packages/core/src/vendor/kysely.ts); its license goes with it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const vendored = existsSync('src/vendor')
  ? readdirSync('src/vendor')
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -'.ts'.length))
  : [];
const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });

// Each export's TypeScript source (the workspace's `@plugboard/source` condition) and the file it ships as.
const entryPoints = Object.values(manifest.exports).map((target) => ({
  in: target['@plugboard/source'],
  out: target.default.replace(/^\.\/dist\//, '').replace(/\.js$/, ''),
}));

function licenseOf(name) {
  const dir = `node_modules/${name}`;
  const { version, license } = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
  return `${name}@${version} (${license})\n\n${file ? readFileSync(`${dir}/${file}`, 'utf8').trim() : license}\n`;
}

// A CommonJS dependency bundled into an ES module still calls require() for Node's builtins. The shim declares
// `require` at the top of each output file, so our own modules name theirs otherwise (`nodeRequire`).
const requireShim =
  "import { createRequire as vendorRequire } from 'node:module';\nconst require = vendorRequire(import.meta.url);";

rmSync('dist', { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { stdio: 'inherit' });

const { metafile } = await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: dependencies.filter((name) => !vendored.includes(name)),
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  ...(vendored.length > 0 && {
    banner: { js: `/*! Bundles ${vendored.join(', ')}: licenses in vendor-licenses.txt */\n${requireShim}` },
  }),
  logLevel: 'warning',
});

// Only the package's own modules and the vendored packages may be inlined: a package missing from the manifest's
// dependencies would otherwise be bundled silently instead of failing here.
const packageOf = (path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(path)?.[1];
const strays = Object.keys(metafile.inputs)
  .map(packageOf)
  .filter((name) => name !== undefined && !vendored.includes(name));
if (strays.length > 0) throw new Error(`inlined without being vendored: ${[...new Set(strays)].join(', ')}`);
if (vendored.length > 0) writeFileSync('dist/vendor-licenses.txt', vendored.map(licenseOf).join('\n'));
