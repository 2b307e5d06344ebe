import { writeFileSync } from 'node:fs';
import { renderApiReference } from '../src/api-reference.js';

const target = new URL('../../../docs/api.md', import.meta.url);
writeFileSync(target, renderApiReference());
console.log(`wrote ${target.pathname}`);
