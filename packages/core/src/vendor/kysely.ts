/**
 * Kysely's runtime values the core uses. The build (the workspace's scripts/build-package.mjs) inlines every
 * package named by a file in this folder: Node 20 loads each ES module file at a cost of its own, and kysely's
 * package is 265 of them, about 150 ms of the hub's start; inlined, they cost about 30 ms. Types still come from
 * the `kysely` package (a dependency for them), so import types from 'kysely' and values from here.
 */
export { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
