import type { Kysely } from 'kysely';
import type { EngineContext } from '../context.js';
import { isPlugboardError } from '../errors.js';

// Every column that holds an envelope; each is bound to its row as `${table}.${column}` (see keyring.ts).
const ENVELOPE_COLUMNS = [
  { table: 'connections', column: 'credentials' },
  { table: 'connections', column: 'secrets' },
  { table: 'oauth_apps', column: 'client_secret' },
  { table: 'webhook_endpoints', column: 'secret' },
  { table: 'connect_sessions', column: 'code_verifier' },
  { table: 'connect_sessions', column: 'authorization_url' },
] as const;

type EnvelopeColumn = (typeof ENVELOPE_COLUMNS)[number];

/** What `keys rotate` did: envelopes rewritten under the current key, and the ones it could not open. */
export interface ReencryptReport {
  currentKeyId: string;
  /** Envelopes now under the current key. */
  rewritten: number;
  /** Rows changed by the running hub while being rewritten: their new value is under the current key already. */
  changedMeanwhile: number;
  /** Envelopes none of the configured keys opens, by the key id they name. */
  undecryptable: Array<{ field: string; rowId: string; keyId: string }>;
}

/** What `doctor` learns from a sample of stored envelopes. */
export interface KeyRingCheck {
  sampled: number;
  /** Key ids that stored rows name but the ring lacks (those rows cannot be read). */
  missingKeyIds: string[];
  /** Envelopes under a key of the ring that still fail to open (a wrong key, or tampering). */
  failed: number;
}

/** The key id an envelope names (`pb1.<keyId>.<iv>.<body>`). */
export function envelopeKeyId(envelope: string): string {
  return envelope.split('.')[1] ?? 'unknown';
}

/** Re-encryption with the ring's first key, and a sample check that the ring opens what is stored. */
export function createKeyMaintenance(ctx: EngineContext) {
  // Kysely's types cannot follow a table chosen at run time; the columns are the fixed list above.
  const db = ctx.db as unknown as Kysely<Record<string, Record<string, string | null>>>;
  const field = ({ table, column }: EnvelopeColumn) => `${table}.${column}`;

  const open = (where: EnvelopeColumn, row: { id: string; workspace_id: string; value: string }) =>
    ctx.keys.decrypt(row.value, { workspaceId: row.workspace_id, rowId: row.id, field: field(where) });

  return {
    /**
     * Rewrites every envelope not under the first key, in batches of `batchSize`. Safe while hubs serve (each
     * row is swapped only if unchanged) and resumable (a second run skips what the first finished).
     */
    async rotate(options: { batchSize?: number; onBatch?(report: ReencryptReport): void } = {}) {
      const batchSize = options.batchSize ?? 200;
      const current = `pb1.${ctx.keys.currentKeyId}.`;
      const report: ReencryptReport = {
        currentKeyId: ctx.keys.currentKeyId,
        rewritten: 0,
        changedMeanwhile: 0,
        undecryptable: [],
      };
      for (const where of ENVELOPE_COLUMNS) {
        let after = '';
        for (;;) {
          const rows = (await db
            .selectFrom(where.table)
            .select(['id', 'workspace_id', `${where.column} as value`])
            .where(where.column, 'is not', null)
            .where(where.column, 'not like', `${current}%`)
            .where('id', '>', after)
            .orderBy('id')
            .limit(batchSize)
            .execute()) as Array<{ id: string; workspace_id: string; value: string }>;
          if (rows.length === 0) break;
          after = rows[rows.length - 1]!.id;
          for (const row of rows) {
            let plaintext: string;
            try {
              plaintext = open(where, row);
            } catch (error) {
              if (!isPlugboardError(error)) throw error;
              report.undecryptable.push({ field: field(where), rowId: row.id, keyId: envelopeKeyId(row.value) });
              continue;
            }
            const sealed = ctx.keys.encrypt(plaintext, {
              workspaceId: row.workspace_id,
              rowId: row.id,
              field: field(where),
            });
            const swapped = await db
              .updateTable(where.table)
              .set({ [where.column]: sealed })
              .where('id', '=', row.id)
              .where(where.column, '=', row.value)
              .executeTakeFirst();
            if (swapped.numUpdatedRows === 1n) report.rewritten += 1;
            else report.changedMeanwhile += 1;
          }
          options.onBatch?.(report);
        }
      }
      return report;
    },

    /** Opens up to `sample` envelopes of each column and names the key ids the ring lacks. */
    async check(sample = 20): Promise<KeyRingCheck> {
      const missing = new Set<string>();
      let sampled = 0;
      let failed = 0;
      for (const where of ENVELOPE_COLUMNS) {
        const rows = (await db
          .selectFrom(where.table)
          .select(['id', 'workspace_id', `${where.column} as value`])
          .where(where.column, 'is not', null)
          .orderBy('id', 'desc')
          .limit(sample)
          .execute()) as Array<{ id: string; workspace_id: string; value: string }>;
        for (const row of rows) {
          sampled += 1;
          try {
            open(where, row);
          } catch (error) {
            if (!isPlugboardError(error)) throw error;
            if (error.code === 'key_unavailable') missing.add(envelopeKeyId(row.value));
            else failed += 1;
          }
        }
      }
      return { sampled, missingKeyIds: [...missing], failed };
    },
  };
}
