import { Command } from 'commander';
import { type Io, processIo } from './commands/io.js';
import { describeFailure } from './failure.js';
import { version } from './version.js';

const DEFAULT_CONFIG = './plugboard.yaml';

/** Builds the `plugboard` command line; `io` is where commands write. */
export function createProgram(io: Io = processIo): Command {
  const program = new Command('plugboard')
    .description('Plugboard: a self-hostable OAuth integration hub')
    .version(version())
    .option('--verbose', 'print the stack of a failure, not only its one line')
    .showHelpAfterError();
  // Commands are imported when they run: `plugboard migrate` never loads the HTTP stack. Commander calls an
  // action with the command's arguments, its options, then the command itself; ours take them and `io`.
  const action =
    (load: () => Promise<(...args: never[]) => Promise<number>>) =>
    async (...args: unknown[]) => {
      const command = await load();
      process.exitCode = await command(...([...args.slice(0, -1), io] as never[]));
    };

  withConfig(program.command('start').description('serve the hub; refuses to start without an encryption key')).action(
    action(async () => (await import('./commands/serve.js')).startCommand),
  );
  withConfig(
    program
      .command('dev')
      .description('serve the hub, generating missing keys into the data folder (never in production)'),
  ).action(action(async () => (await import('./commands/serve.js')).devCommand));
  withJson(withDev(withConfig(program.command('migrate').description('apply pending database migrations')))).action(
    action(async () => (await import('./commands/migrate.js')).migrateCommand),
  );
  withJson(
    withDev(
      withConfig(program.command('doctor').description('check config, keys, plugins, database, port, public URL')),
    ),
  ).action(action(async () => (await import('./commands/doctor.js')).doctorCommand));

  withJson(program.command('version').description('print the hub version and the Node version')).action(
    action(async () => (await import('./commands/version.js')).versionCommand),
  );
  withJson(
    withDev(
      withConfig(
        program
          .command('backup')
          .argument('<file>', 'where to write the copy (a new file)')
          .description('copy the SQLite database consistently while hubs run (Postgres: prints the pg_dump line)'),
      ),
    ),
  ).action(action(async () => (await import('./commands/backup.js')).backupCommand));

  const workspaces = program.command('workspaces').description('manage workspaces directly in the database');
  withDev(withConfig(workspaces.command('create').description('create a workspace and print it as JSON')))
    .requiredOption('--name <name>', 'workspace name')
    .option('--return-origin <origin>', 'an origin returnTo may point at (repeatable)', collect, [])
    .option('--redirect-uri <uri>', 'an extra redirect URI connect sessions may use (repeatable)', collect, [])
    .action(action(async () => (await import('./commands/workspaces.js')).createWorkspaceCommand));

  withJson(withDev(withConfig(workspaces.command('list').description('list every workspace')))).action(
    action(async () => (await import('./commands/workspaces.js')).listWorkspacesCommand),
  );
  withJson(
    withDev(
      withConfig(
        workspaces
          .command('delete')
          .argument('<id>', 'workspace id')
          .description('delete a workspace: its keys stop at once, a running hub revokes its connections'),
      ),
    ),
  ).action(action(async () => (await import('./commands/workspaces.js')).deleteWorkspaceCommand));

  const keys = program.command('keys').description('manage workspace API keys directly in the database');
  withDev(withConfig(keys.command('create').description('create an API key and print it as JSON (shown once)')))
    .requiredOption('--workspace <id>', 'workspace id')
    .option(
      '--scope <scope>',
      'connections:read, connections:write, credentials:read or proxy (repeatable; default: all but credentials:read)',
      collect,
      [],
    )
    .option('--name <name>', 'a label for the key')
    .action(action(async () => (await import('./commands/keys.js')).createKeyCommand));

  withDev(
    withConfig(
      keys
        .command('rotate')
        .description('re-encrypt stored secrets with the first of encryptionKeys (resumable, safe while hubs run)'),
    ),
  )
    .option('--batch-size <n>', 'rows per batch', '200')
    .action(action(async () => (await import('./commands/keys.js')).rotateKeysCommand));
  withJson(withDev(withConfig(keys.command('list').description("list a workspace's API keys (never their secrets)"))))
    .requiredOption('--workspace <id>', 'workspace id')
    .action(action(async () => (await import('./commands/keys.js')).listKeysCommand));
  withJson(
    withDev(
      withConfig(keys.command('delete').argument('<keyId>', 'API key id').description('delete a workspace API key')),
    ),
  )
    .requiredOption('--workspace <id>', 'workspace id')
    .action(action(async () => (await import('./commands/keys.js')).deleteKeyCommand));

  const connections = program.command('connections').description('look at connections directly in the database');
  withJson(withDev(withConfig(connections.command('list').description("list a workspace's connections, newest first"))))
    .requiredOption('--workspace <id>', 'workspace id')
    .option('--provider <id>', 'only this provider')
    .option('--status <status>', 'only active, reauth_required or error')
    .option('--owner <ownerId>', "only this end user's")
    .option('--limit <n>', 'at most this many (default: all)')
    .action(action(async () => (await import('./commands/connections.js')).listConnectionsCommand));

  return program;
}

/** Runs the CLI on `argv` (shaped like process.argv); a failure prints its message and sets exit code 1. */
export async function run(argv: string[] = process.argv, io: Io = processIo): Promise<void> {
  try {
    await createProgram(io).parseAsync(argv);
  } catch (error) {
    // Deliberate errors and known failures are one line for the user; anything else is a bug and keeps its stack.
    io.err(describeFailure(error, argv.includes('--verbose')));
    process.exitCode = 1;
  }
}

function withConfig(command: Command): Command {
  return command.option('-c, --config <path>', 'path of plugboard.yaml', DEFAULT_CONFIG);
}

function withJson(command: Command): Command {
  return command.option('--json', 'print JSON for scripts instead of a table');
}

function withDev(command: Command): Command {
  return command.option('--dev', 'use the dev keys in the data folder when the config has none (as plugboard dev)');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
