import { isPlugboardError } from '@plugboard/core';

// What a Postgres or network failure means for the person running the hub.
const DATABASE_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the server refused the connection (is Postgres running, and on that host and port?)',
  ENOTFOUND: 'the host name does not resolve',
  ETIMEDOUT: 'the connection timed out (a firewall, or the wrong host?)',
  EHOSTUNREACH: 'the host is unreachable',
  '3D000': 'the database does not exist (create it first, e.g. createdb)',
  '28P01': 'authentication failed (check the user and password in database:)',
  '28000': 'the server refused this user (check pg_hba.conf and the user in database:)',
};

/**
 * One line a self-hoster can act on for a failure that ends a command: the database unreachable, missing or
 * refusing us, a port in use, a path we may not write. Anything else keeps its stack (it is a bug), as does
 * everything with `verbose`.
 */
export function describeFailure(error: unknown, verbose = false): string {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const line = oneLine(error);
  if (line === undefined) return stack;
  return verbose ? `${line}\n${stack}` : line;
}

function oneLine(error: unknown): string | undefined {
  const code = codeOf(error);
  const path = (error as { path?: unknown })?.path;
  if (code === 'EADDRINUSE') {
    const { address, port } = error as { address?: string; port?: number };
    return `Port ${port ?? '?'} on ${address ?? 'that host'} is in use: stop the other process, or set server.port.`;
  }
  if ((code === 'EACCES' || code === 'EPERM' || code === 'EROFS') && typeof path === 'string') {
    return `${path}: permission denied (the hub must be able to write there: check its owner and mode, or use another path).`;
  }
  if (code === 'EACCES' && (error as { syscall?: string }).syscall === 'listen') {
    return 'Permission denied to listen on that port: use a port above 1023, or grant the permission.';
  }
  if (isPlugboardError(error)) {
    if (error.code !== 'database_unavailable') return error.message;
    const cause = error.cause;
    const reason = DATABASE_REASONS[codeOf(cause) ?? ''] ?? (cause instanceof Error ? cause.message : undefined);
    return `Cannot use the database: ${reason ?? error.message}`;
  }
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  // Node reports a refused localhost (tried on ::1 and 127.0.0.1) as an AggregateError of both attempts.
  if (error instanceof AggregateError) return codeOf(error.errors[0]);
  return undefined;
}
