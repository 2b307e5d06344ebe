/**
 * Kysely's runtime values the core uses, re-exported here so the build can inline them: `pnpm build` bundles this
 * file into one module (the workspace's scripts/bundle-vendor.mjs). Node 20 loads each ES module file at a cost of
 * its own, and kysely's package is 265 of them, about 150 ms of the hub's start; bundled, they load in about 30 ms.
 * Types still come from the `kysely` package (this file's declarations re-export them), so import types from
 * 'kysely' and values from here.
 */
export { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
