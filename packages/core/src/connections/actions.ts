import type { EngineContext } from '../context.js';
import { nowIso, readJson } from '../context.js';
import { claimError, isPlugboardError, NotFoundError, ProviderError, parseOrThrow } from '../errors.js';
import { recordEvent } from '../events/outbox.js';
import { createProviderFetch } from './provider-fetch.js';
import type { createRefresher } from './refresh.js';
import { type ConnectionRow, openSecrets, toConnection } from './rows.js';

/**
 * Runs a plugin's named action on a connection: input parsed by the action's schema, credentials refreshed
 * when due, output parsed by its schema (an allow-list: a page token the plugin forgot to drop never leaves).
 */
export function createActionRunner(
  ctx: EngineContext,
  deps: {
    refresher: ReturnType<typeof createRefresher>;
    findRow(workspaceId: string, id: string): Promise<ConnectionRow>;
  },
) {
  return async (workspaceId: string, id: string, name: string, input: unknown): Promise<unknown> => {
    const row = await deps.findRow(workspaceId, id);
    const provider = ctx.provider(row.provider);
    const action = provider.actions && Object.hasOwn(provider.actions, name) ? provider.actions[name] : undefined;
    if (!action) throw new NotFoundError(`Action "${name}" of provider "${provider.id}"`);
    const parsed = parseOrThrow(action.input, input ?? {}, `input of action "${name}"`, 'input');
    const credentials = await deps.refresher.ensureFresh(row);
    const metadata = readJson<Record<string, unknown>>(row.metadata);

    const updateMetadata = async (patch: Record<string, unknown>) => {
      const current = await deps.findRow(workspaceId, id);
      let next: Record<string, unknown> = { ...readJson<Record<string, unknown>>(current.metadata), ...patch };
      if (provider.metadataSchema) {
        const checked = provider.metadataSchema.safeParse(next);
        if (!checked.success) {
          throw new ProviderError('provider_error', provider.id, `Action "${name}" wrote metadata its schema refuses.`);
        }
        next = checked.data as Record<string, unknown>;
      }
      const updatedAt = nowIso();
      const choices = JSON.stringify({
        ...readJson<Record<string, unknown>>(current.metadata_choices ?? '{}'),
        ...patch,
      });
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('connections')
          .set({ metadata: JSON.stringify(next), metadata_choices: choices, updated_at: updatedAt })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
        await recordEvent(trx, workspaceId, 'connection.updated', {
          connection: toConnection({ ...current, metadata: JSON.stringify(next), updated_at: updatedAt }, ctx),
        });
      });
      ctx.connectionCache.forget(id);
      Object.assign(metadata, next);
    };

    let output: unknown;
    try {
      output = await action.run({
        input: parsed,
        credentials,
        metadata,
        secrets: openSecrets(ctx.keys, row),
        fetch: createProviderFetch(provider, credentials, metadata, ctx.fetch),
        updateMetadata,
      });
    } catch (error) {
      if (isPlugboardError(error)) throw claimError(error, provider.id);
      throw new ProviderError('provider_error', provider.id, `Action "${name}" failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const checked = action.output.safeParse(output);
    if (!checked.success) {
      throw new ProviderError('provider_error', provider.id, `Action "${name}" returned an output its schema refuses.`);
    }
    await ctx.db.updateTable('connections').set({ last_used_at: nowIso() }).where('id', '=', id).execute();
    return checked.data;
  };
}
