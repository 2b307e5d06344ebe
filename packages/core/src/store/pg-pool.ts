import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { isDatabaseUnavailable } from './resilience.js';

// Kept out of resilience.ts, whose isDatabaseUnavailable is public: a public declaration must not need @types/pg.

/**
 * Hands Kysely the pool's clients so that a client whose query failed for want of the database is destroyed
 * on release instead of going back to the pool (a stalled socket would otherwise keep failing every query).
 */
export function discardBrokenClients(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let broken: Error | undefined;
      const query = (...args: unknown[]) => {
        const result = (client.query as (...a: unknown[]) => unknown)(...args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            if (isDatabaseUnavailable(error)) broken = error as Error;
            throw error;
          });
        }
        return result;
      };
      return { query: query as PostgresPoolClient['query'], release: () => client.release(broken) };
    },
    end: () => pool.end(),
  };
}
