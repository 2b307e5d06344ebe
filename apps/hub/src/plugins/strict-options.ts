import type { ErrorDetail } from '@plugboard/core';

// The few zod internals this reads, typed loosely: a plugin may bring its own copy of zod.
interface SchemaShape {
  shape?: Record<string, unknown>;
  in?: SchemaShape;
  def?: { innerType?: SchemaShape; catchall?: { def?: { type?: string } }; type?: string };
}

/** The option names an options schema declares, or undefined when it accepts any (a loose object, not an object). */
export function declaredOptions(schema: unknown): string[] | undefined {
  let current = schema as SchemaShape | undefined;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current.shape && current.def?.type === 'object') {
      const catchall = current.def.catchall?.def?.type;
      // A catch-all other than `never` (z.strictObject) accepts extra keys on purpose.
      return catchall === undefined || catchall === 'never' ? Object.keys(current.shape) : undefined;
    }
    current = current.in ?? current.def?.innerType;
  }
  return undefined;
}

/** Problems for option names the schema does not declare, each suggesting the closest declared name. */
export function unknownOptions(options: Record<string, unknown>, declared: string[], path: string): ErrorDetail[] {
  return Object.keys(options)
    .filter((name) => !declared.includes(name))
    .map((name) => {
      const closest = closestName(name, declared);
      return {
        path: `${path}.${name}`,
        message: `unknown option${closest ? ` (did you mean ${closest}?)` : ''}; this plugin takes ${declared.join(', ')}`,
      };
    });
}

function closestName(name: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  // Close enough to be a typo or a near-synonym (scope for scopes, redirectUri for redirectUrl).
  return best && best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
