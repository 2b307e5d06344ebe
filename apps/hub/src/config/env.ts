import { type ErrorDetail, formatPath } from '@plugboard/core';

/** Variables to substitute from (usually `process.env`). */
export type Env = Record<string, string | undefined>;

/** Options of `substituteEnv`. */
export interface SubstituteOptions {
  env: Env;
  /** Paths where an unset variable makes the value absent instead of an error (dev mode's keys). */
  optional?: (path: ReadonlyArray<string | number>) => boolean;
}

// `$${` is an escaped literal `${`; a `${` that is not a well-formed `${NAME}` is reported, not left in place,
// so a typo never ends up as a literal secret.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;
const ABSENT = Symbol('absent');

/** Replaces `${VAR}` in every string value (never in keys) of a parsed YAML tree; `$${` writes a literal `${`. */
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
  const out = text.replace(REFERENCE, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    const where = formatPath(path) || '(root)';
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
