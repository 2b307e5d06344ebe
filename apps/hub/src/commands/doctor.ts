import { createServer } from 'node:net';
import { isPlugboardError, type KeyRingCheck, type Provider } from '@plugboard/core';
import { describeDatabase } from '../config/database.js';
import { refusedDevOnlyProviders } from '../config/dev-only.js';
import type { HubConfig } from '../config/load.js';
import type { PluginErrorReason } from '../errors.js';
import { withHub } from '../hub.js';
import { loadProvider } from '../plugins/loader.js';
import { type CommandOptions, loadCommandConfig } from './config.js';
import type { Io } from './io.js';
import { type JsonOption, printJson } from './output.js';

interface Check {
  name: string;
  ok: boolean;
  /** Worth knowing, not a failure (a fresh database, a busy port). */
  warn?: boolean;
  detail: string;
  fix?: string;
}

const PLUGIN_FIXES: Record<PluginErrorReason, string> = {
  not_installed: 'install the package next to the config file, or fix the path in use:',
  incompatible: 'install a version of the plugin written for this hub',
  broken: 'reinstall (or rebuild) the plugin; the cause is above',
  missing_dependency: "install the package named above in the config file's folder, next to the plugin",
  not_a_provider: 'check that use: names a Plugboard provider plugin',
  bad_pick: 'set provider: to one of the listed ids',
  invalid_options: 'fix the options listed above',
  setup_failed: "check the plugin's options against its documentation",
  duplicate_id: 'give one of the entries another id with id:',
};

/**
 * `plugboard doctor`: checks config, keys, each plugin, the database, the port and the public URL; prints a line
 * per check, or `{ ok, checks: [{ name, status, detail, fix? }] }` with --json; 1 on any failure.
 */
export async function doctorCommand(options: CommandOptions & JsonOption, io: Io): Promise<number> {
  const checks: Check[] = [];
  await runChecks(options, io, (check) => {
    checks.push(check);
    if (!options.json) print(check, io);
  });
  const ok = checks.every((check) => check.ok);
  if (options.json) {
    const entries = checks.map((check) => ({
      name: check.name,
      status: statusOf(check),
      detail: check.detail,
      fix: check.fix,
    }));
    printJson({ ok, checks: entries }, io);
  }
  return ok ? 0 : 1;
}

async function runChecks(options: CommandOptions, io: Io, report: (check: Check) => void): Promise<void> {
  let config: HubConfig;
  try {
    config = await loadCommandConfig(options, io);
    report({ name: 'config', ok: true, detail: config.file });
  } catch (error) {
    report({ name: 'config', ok: false, detail: messageOf(error), fix: 'fix the settings listed above' });
    return;
  }
  report(keysCheck(config));
  const sandbox = sandboxCheck(config);
  if (sandbox) report(sandbox);
  const providers = await pluginChecks(config, report);
  for (const check of await databaseChecks(config, providers)) report(check);
  const listening = await probePort(config);
  report(portCheck(config, listening));
  report(await publicUrlCheck(config, listening?.code === 'EADDRINUSE'));
}

function keysCheck(config: HubConfig): Check {
  if (config.encryptionKeys.length === 0) {
    return {
      name: 'keys',
      ok: false,
      detail: 'no encryption key: the server refuses to start without one',
      fix: 'set encryptionKeys (openssl rand -base64 32), or run plugboard dev to generate dev keys',
    };
  }
  const admin =
    config.adminKey === undefined
      ? 'no admin key (the admin API is off; plugboard workspaces/keys create still work)'
      : Array.isArray(config.adminKey)
        ? `${config.adminKey.length} admin keys`
        : `admin key of ${config.adminKey.length} characters`;
  return { name: 'keys', ok: true, detail: `${config.encryptionKeys.length} encryption key(s) of 32 bytes, ${admin}` };
}

// plugboard dev may always serve the sandbox; for start it is a warning, or a refusal without allowSandbox.
function sandboxCheck(config: HubConfig): Check | undefined {
  if (config.mode === 'dev') return undefined;
  const refused = refusedDevOnlyProviders({ ...config, allowSandbox: false });
  if (refused.length === 0) return undefined;
  return {
    name: 'sandbox',
    ok: true,
    warn: true,
    detail: config.allowSandbox
      ? `${refused[0]!.path}: the sandbox provider is on (allowSandbox: true); anyone can connect its fake accounts`
      : `${refused[0]!.path}: the sandbox provider is configured; plugboard start refuses it without allowSandbox: true`,
    fix: 'remove the sandbox entry for production, or set allowSandbox: true to keep it on purpose',
  };
}

async function pluginChecks(config: HubConfig, report: (check: Check) => void): Promise<Provider<any>[]> {
  const context = { configDir: config.configDir, publicUrl: config.publicUrl };
  const owners = new Map<string, number>();
  const providers: Provider<any>[] = [];
  for (const [index, entry] of config.providers.entries()) {
    const name = `providers[${index}]`;
    try {
      const provider = await loadProvider(entry, index, context);
      const first = owners.get(provider.id);
      if (first === undefined) {
        owners.set(provider.id, index);
        providers.push(provider);
        report({ name, ok: true, detail: `${entry.use} -> ${provider.id} (${provider.name})` });
      } else {
        report({
          name,
          ok: false,
          detail: `${entry.use}: duplicate provider id "${provider.id}" (providers[${first}] has it too)`,
          fix: PLUGIN_FIXES.duplicate_id,
        });
      }
    } catch (error) {
      const reason = (error as { reason?: PluginErrorReason }).reason;
      report({ name, ok: false, detail: messageOf(error), fix: reason ? PLUGIN_FIXES[reason] : undefined });
    }
  }
  if (config.providers.length === 0) report({ name: 'providers', ok: true, detail: 'none configured' });
  return providers;
}

async function databaseChecks(config: HubConfig, providers: Provider<any>[]): Promise<Check[]> {
  const name = 'database';
  const where = describeDatabase(config.database);
  try {
    // No migration here: doctor only looks.
    return await withHub(
      config,
      async (hub) => {
        const problem = await hub.workspaces.list().then(
          () => undefined,
          (error: unknown) => error,
        );
        if (isPlugboardError(problem) && problem.code === 'database_unavailable') {
          return [
            {
              name,
              ok: false,
              detail: `${where} does not answer: ${messageOf(problem.cause ?? problem)}`,
              fix: 'check database: in the config and that the server is reachable',
            },
          ];
        }
        if (problem !== undefined) {
          return [
            {
              name,
              ok: true,
              warn: true,
              detail: `${where} answers, but its tables are missing (a fresh database)`,
              fix: 'run `plugboard migrate` (plugboard start also migrates)',
            },
          ];
        }
        return [{ name, ok: true, detail: `${where} answers` }, keyRingCheck(await hub.encryption.check())];
      },
      { providers, migrate: false },
    );
  } catch (error) {
    return [{ name, ok: false, detail: `${where}: ${messageOf(error)}`, fix: 'check database: in the config' }];
  }
}

function keyRingCheck(check: KeyRingCheck): Check {
  const name = 'key ring';
  if (check.missingKeyIds.length > 0) {
    return {
      name,
      ok: false,
      detail: `stored secrets are encrypted with key id ${check.missingKeyIds.join(', ')}, which encryptionKeys lacks`,
      fix: 'add that key back to encryptionKeys (after the current one); remove a key only after plugboard keys rotate',
    };
  }
  if (check.failed > 0) {
    return {
      name,
      ok: false,
      detail: `${check.failed} of ${check.sampled} sampled secrets do not decrypt with the key their envelope names`,
      fix: 'an encryption key was replaced by another under the same position: restore the original key',
    };
  }
  return { name, ok: true, detail: `decrypts all ${check.sampled} sampled secrets` };
}

/** Why the hub could not listen on its port now (EADDRINUSE: a hub runs there, or another program), or undefined. */
function probePort(config: HubConfig): Promise<NodeJS.ErrnoException | undefined> {
  const { host, port } = config.server;
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => resolve(error));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

function portCheck(config: HubConfig, problem: NodeJS.ErrnoException | undefined): Check {
  const { host, port } = config.server;
  const name = 'port';
  if (!problem) return { name, ok: true, detail: `${host}:${port} is free` };
  if (problem.code === 'EADDRINUSE') {
    return {
      name,
      ok: true,
      warn: true,
      detail: `${host}:${port} is in use (a running hub, or another program)`,
      fix: 'stop what listens there, or set server.port',
    };
  }
  return {
    name,
    ok: false,
    detail: `cannot listen on ${host}:${port}: ${problem.code ?? problem.message}`,
    fix: problem.code === 'EACCES' ? 'use a port above 1023, or grant the permission' : 'check server.host',
  };
}

// Long enough for a TLS handshake across the world, short enough not to stall the doctor.
const PUBLIC_URL_TIMEOUT_MS = 3_000;

// Users' browsers and providers' redirects reach the hub at publicUrl: with a hub running, that address must answer
// from here too. Unreachable is a warning, not a failure: a split-horizon DNS or a firewall may hide it from this host.
async function publicUrlCheck(config: HubConfig, hubRunning: boolean): Promise<Check> {
  const name = 'public URL';
  const url = `${config.publicUrl}/healthz`;
  if (!hubRunning) {
    const { host, port } = config.server;
    return {
      name,
      ok: true,
      detail: `not checked: nothing listens on ${host}:${port} (start the hub, then run doctor)`,
    };
  }
  const problem = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PUBLIC_URL_TIMEOUT_MS) }).then(
    async (response) => {
      await response.body?.cancel();
      return response.ok ? undefined : `it answered ${response.status}`;
    },
    (error: unknown) => unreachableReason(error),
  );
  if (problem === undefined) return { name, ok: true, detail: `${url} answers from this host` };
  return {
    name,
    ok: true,
    warn: true,
    detail: `${url} is not reachable from this host: ${problem}`,
    fix: 'check publicUrl, its DNS name and the proxy in front of the hub: browsers and providers come back there',
  };
}

function unreachableReason(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${PUBLIC_URL_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? messageOf(error);
}

function statusOf(check: Check): 'ok' | 'warn' | 'fail' {
  return check.ok ? (check.warn ? 'warn' : 'ok') : 'fail';
}

function print(check: Check, io: Io): void {
  const lines = check.detail.split('\n');
  const status = statusOf(check);
  io.out(`${status === 'fail' ? 'FAIL' : status.padEnd(4)}  ${check.name.padEnd(14)} ${lines[0]}`);
  for (const line of lines.slice(1)) io.out(`      ${' '.repeat(14)} ${line.trim()}`);
  if (check.fix) io.out(`      ${' '.repeat(14)} -> ${check.fix}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
