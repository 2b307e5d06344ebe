/** uuid's v7, re-exported here so the build can inline it into one module (see ./kysely.ts for why). */
export { v7 as uuidv7 } from 'uuid';
