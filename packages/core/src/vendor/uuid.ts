/** uuid's v7, here so the build inlines the package (see ./kysely.ts for why). */
export { v7 as uuidv7 } from 'uuid';
