import { toConnection } from '../connections/rows.js';
import type { EngineContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { Connection } from '../model.js';

/** How many connections an agent sees at most: one user's accounts, plus the workspace's shared ones. */
const MAX_VISIBLE = 200;

/** The connections an agent acting for one owner may use: the owner's own, then the workspace's shared ones. */
export function createAgentConnections(ctx: EngineContext) {
  const visible = (workspaceId: string, ownerId: string) =>
    ctx.db
      .selectFrom('connections')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('owner_id', '=', ownerId), eb('shared', '=', 1)]));

  return {
    /** The owner's connections and the shared ones, newest first, the owner's before the shared. */
    async list(workspaceId: string, ownerId: string, providers: string[] | null): Promise<Connection[]> {
      let select = visible(workspaceId, ownerId);
      if (providers) select = select.where('provider', 'in', providers);
      const rows = await select.orderBy('id', 'desc').limit(MAX_VISIBLE).execute();
      const own = rows.filter((row) => row.owner_id === ownerId);
      return [...own, ...rows.filter((row) => row.owner_id !== ownerId)].map((row) => toConnection(row, ctx));
    },

    /**
     * The connection a tool call uses: the one named (404 unless it is the owner's or shared, and of this
     * provider), else the owner's newest active one, else a shared active one, else null.
     */
    async pick(
      workspaceId: string,
      ownerId: string,
      provider: string,
      connectionId?: string | undefined,
    ): Promise<Connection | null> {
      if (connectionId !== undefined) {
        const row = await visible(workspaceId, ownerId)
          .where('id', '=', connectionId)
          .where('provider', '=', provider)
          .executeTakeFirst();
        if (!row) throw new NotFoundError(`Connection "${connectionId}" of provider "${provider}"`);
        return toConnection(row, ctx);
      }
      const rows = await visible(workspaceId, ownerId)
        .where('provider', '=', provider)
        .orderBy('id', 'desc')
        .limit(MAX_VISIBLE)
        .execute();
      const usable = (row: (typeof rows)[number]) => row.status !== 'reauth_required';
      const chosen =
        rows.find((row) => row.owner_id === ownerId && usable(row)) ??
        rows.find((row) => row.owner_id !== ownerId && usable(row)) ??
        rows[0];
      return chosen ? toConnection(chosen, ctx) : null;
    },
  };
}
