import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ErrorDetail, formatPath } from '@plugboard/core';

/** Variables to substitute from (usually `process.env`). */
export type Env = Record<string, string | undefined>;

/** Options of `substituteEnv`. */
export interface SubstituteOptions {
  env: Env;
  /** Paths where an unset variable makes the value absent instead of an error (dev mode's keys). */
  optional?: (path: ReadonlyArray<string | number>) => boolean;
  /** Where a relative `${file:...}` path starts (the config file's folder); the working directory when absent. */
  baseDir?: string;
}

// `$${` is an escaped literal `${`; `${file:PATH}` is a file's content (container secrets, without the trailing
// newline); a `${` that is not a well-formed `${NAME}` is reported, not left in place, so a typo never ends up
// as a literal secret.
const REFERENCE = /\$\$\{|\$\{file:([^}]+)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;
const ABSENT = Symbol('absent');

/**
 * Replaces `${VAR}` (from the environment) and `${file:PATH}` (a file's content) in every string value, never in
 * keys, of a parsed YAML tree; `$${` writes a literal `${`.
 */
export function substituteEnv(value: unknown, options: SubstituteOptions): { value: unknown; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const result = walk(value, [], options, problems);
  return { value: result === ABSENT ? undefined : result, problems };
}

function walk(
  value: unknown,
  path: Array<string | number>,
  options: SubstituteOptions,
  problems: ErrorDetail[],
): unknown {
  if (typeof value === 'string') return substituteString(value, path, options, problems);
  if (Array.isArray(value)) {
    return value
      .map((item, index) => walk(item, [...path, index], options, problems))
      .filter((item) => item !== ABSENT);
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const next = walk(item, [...path, key], options, problems);
      if (next !== ABSENT) out[key] = next;
    }
    return out;
  }
  return value;
}

function substituteString(
  text: string,
  path: Array<string | number>,
  options: SubstituteOptions,
  problems: ErrorDetail[],
): string | typeof ABSENT {
  let absent = false;
  const out = text.replace(REFERENCE, (match, file: string | undefined, name: string | undefined) => {
    if (match === '$${') return '${';
    const where = formatPath(path) || '(root)';
    if (file !== undefined) return readSecretFile(file, where, options, problems) ?? match;
    if (name === undefined) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax, not a template
      problems.push({ path: where, message: 'invalid ${...} reference (write ${NAME}, or $${ for a literal ${)' });
      return match;
    }
    const found = options.env[name];
    if (found !== undefined) return found;
    if (options.optional?.(path)) absent = true;
    else problems.push({ path: where, message: `environment variable ${name} is not set` });
    return match;
  });
  return absent ? ABSENT : out;
}

function readSecretFile(file: string, where: string, options: SubstituteOptions, problems: ErrorDetail[]) {
  const target = resolve(options.baseDir ?? '.', file);
  try {
    return readFileSync(target, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push({ path: where, message: `cannot read ${target} (${code})` });
    return undefined;
  }
}
