import { relative } from 'node:path';
import { packRelease, ROOT } from './pack.js';

// `pnpm release:pack [folder]`: the tarballs go to ./release at the repository root unless a folder is given.
const outDir = process.argv[2] ?? `${ROOT}release`;
for (const tarball of packRelease(outDir)) console.log(relative(process.cwd(), tarball));
