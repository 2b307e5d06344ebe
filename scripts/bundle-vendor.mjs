// A package's build runs this after tsc, in the package's folder. It replaces each dist/vendor/<package>.js (a
// re-export of that third-party package, as tsc compiles src/vendor/<package>.ts) with the package's code bundled
// into the one file, so an installed hub loads one module where the package has dozens or hundreds. The
// declarations tsc wrote (dist/vendor/*.d.ts) stay: they point at the package's own types. The bundles are plain,
// readable JavaScript (each part headed by its file in the package), so they need no source map; each starts with
// its package's name, version and license.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const packages = readdirSync('src/vendor')
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

function licenseBanner(name) {
  const dir = `node_modules/${name}`;
  const { version, license } = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
  const text = file ? readFileSync(`${dir}/${file}`, 'utf8').trim().replaceAll('*/', '* /') : license;
  return `/*! ${name}@${version}, bundled into this file by the build. ${license}:\n\n${text}\n*/`;
}

// A CommonJS package bundled as an ES module still calls require() for Node's builtins.
const requireShim =
  "import { createRequire as vendorRequire } from 'node:module';\nconst require = vendorRequire(import.meta.url);";

for (const name of packages) {
  await build({
    entryPoints: [`src/vendor/${name}.ts`],
    outfile: `dist/vendor/${name}.js`,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: `${licenseBanner(name)}\n${requireShim}` },
    legalComments: 'inline',
    logLevel: 'warning',
  });
  rmSync(`dist/vendor/${name}.js.map`, { force: true });
}
