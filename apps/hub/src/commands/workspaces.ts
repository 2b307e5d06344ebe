import { withHub } from '../hub.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';

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
