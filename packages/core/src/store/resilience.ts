import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { PlugboardError } from '../errors.js';

// Socket-level failures: the database is down, restarting, or the network to it is gone.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

// SQLSTATE: connection exceptions (class 08), shutdowns, too many connections, a cancelled statement
// (statement_timeout), a missing database, failed authentication.
const POSTGRES_UNAVAILABLE = /^(08...|57P0[1-3]|53300|57014|3D000|28P01|28000)$/;

// node-postgres raises these as plain Errors without a code ("timeout expired": a client's connect timeout).
const POSTGRES_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|^timeout expired$|Query read timeout|connection error|not queryable|Connection terminated due to connection timeout/i;

const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|PROTOCOL|NOTADB)/;

/** True when `error` says the database could not be reached or did not answer in time (not a bug in a query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return POSTGRES_MESSAGES.test(error.message);
}

/** The error a request that needed the database answers with while it is unreachable (503). */
export function databaseUnavailable(cause: unknown): PlugboardError {
  return new PlugboardError('database_unavailable', 'The database is unavailable; try again shortly.', { cause });
}

function mapError(error: unknown): never {
  throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
}

// better-sqlite3 throws synchronously from calls that look asynchronous: catch both ways.
async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    mapError(error);
  }
}

class MappedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return mapped(() => this.inner.executeQuery<R>(compiledQuery));
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

const unwrap = (connection: DatabaseConnection) => (connection as MappedConnection).inner;

/** Wraps a dialect so that every failure to reach the database surfaces as `database_unavailable`. */
export function mapUnavailableErrors(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      return {
        init: () => mapped(() => driver.init()),
        acquireConnection: async () => new MappedConnection(await mapped(() => driver.acquireConnection())),
        beginTransaction: (connection, settings: TransactionSettings) =>
          mapped(() => driver.beginTransaction(unwrap(connection), settings)),
        commitTransaction: (connection) => mapped(() => driver.commitTransaction(unwrap(connection))),
        rollbackTransaction: (connection) => mapped(() => driver.rollbackTransaction(unwrap(connection))),
        releaseConnection: (connection) => driver.releaseConnection(unwrap(connection)),
        destroy: () => driver.destroy(),
      };
    },
  };
}
