import { withHub } from '../hub.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';
import { type JsonOption, printJson, printTable } from './output.js';

/** Options of `plugboard workspaces create`. */
export interface CreateWorkspaceOptions extends CommandOptions {
  name: string;
  returnOrigin: string[];
  redirectUri: string[];
}

/** `plugboard workspaces create`: creates a workspace straight in the database and prints it as JSON. */
export async function createWorkspaceCommand(options: CreateWorkspaceOptions, io: Io): Promise<number> {
  const config = await loadCommandConfig(options, io);
  const workspace = await withHub(config, (hub) =>
    hub.workspaces.create({
      name: options.name,
      allowedReturnOrigins: options.returnOrigin,
      allowedRedirectUris: options.redirectUri,
    }),
  );
  io.out(JSON.stringify(workspace, null, 2));
  return 0;
}

/** `plugboard workspaces list`: every workspace, as a table or `{ data: Workspace[] }`. */
export async function listWorkspacesCommand(options: CommandOptions & JsonOption, io: Io): Promise<number> {
  const config = await loadCommandConfig(options, io);
  const workspaces = await withHub(config, (hub) => hub.workspaces.list());
  if (options.json) printJson({ data: workspaces }, io);
  else {
    const rows = workspaces.map((workspace) => [workspace.id, workspace.name, workspace.createdAt]);
    printTable(['ID', 'NAME', 'CREATED'], rows, io, 'No workspaces yet: plugboard workspaces create --name <name>');
  }
  return 0;
}

/**
 * `plugboard workspaces delete <id>`: deletes a workspace as `DELETE /v1/workspaces/:id` does. At once it is gone
 * and its keys stop working; a running hub's background work revokes and deletes its connections, then the rest.
 * Prints `{ id, deleted: true, connections }` (how many connections are to go) with --json.
 */
export async function deleteWorkspaceCommand(
  id: string,
  options: CommandOptions & JsonOption,
  io: Io,
): Promise<number> {
  const config = await loadCommandConfig(options, io);
  const { connections } = await withHub(config, (hub) => hub.workspaces.delete(id));
  if (options.json) printJson({ id, deleted: true, connections }, io);
  else {
    io.out(`Deleted workspace ${id}: its API keys no longer work.`);
    // The CLI loads no provider and runs no background work: revocation is the serving hubs' job.
    if (connections > 0) io.out(`Its ${connections} connection(s) are revoked and deleted by a running hub.`);
  }
  return 0;
}
