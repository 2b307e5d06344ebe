import fc from 'fast-check';

/** A JSON Schema (draft 2020-12, as the OpenAPI document holds them). */
export type JsonSchema = Record<string, any>;

/** Values for properties and parameters by name: the ids and names the hub knows, so requests get past a 404. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const MAX_DEPTH = 4;

/**
 * Values a JSON schema accepts (mostly: a `pattern` with a length limit may miss), with `$ref`s resolved against
 * the document's components. A property or parameter named in `hints` takes a hinted value half of the time.
 */
export function arbitraryOf(schema: JsonSchema, root: JsonSchema, hints: Hints = {}, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(resolve(root, schema.$ref), root, hints, depth);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((one: JsonSchema) => arbitraryOf(one, root, hints, depth)));
  if (depth > MAX_DEPTH) return fc.constant(null);
  switch (schema.type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(arbitraryOf(schema.items ?? {}, root, hints, depth + 1), {
        minLength,
        maxLength: Math.min(schema.maxItems ?? minLength + 3, minLength + 3),
      });
    }
    case 'object':
      return objectOf(schema, root, hints, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The value of a property or parameter: a hint when there is one (half of the time), else from its schema. */
export function namedValue(name: string, schema: JsonSchema, root: JsonSchema, hints: Hints, depth = 0) {
  const fromSchema = arbitraryOf(schema, root, hints, depth);
  const hint = hints[name];
  return hint ? fc.oneof(hint, fromSchema) : fromSchema;
}

function objectOf(schema: JsonSchema, root: JsonSchema, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
  const known = fc.record(
    Object.fromEntries(
      properties.map(([name, property]) => [name, namedValue(name, property, root, hints, depth + 1)]),
    ),
    { requiredKeys: schema.required ?? [] },
  );
  const extra = schema.additionalProperties;
  if (!extra || typeof extra !== 'object') return known;
  const keys = schema.propertyNames ? stringOf(schema.propertyNames) : fc.string({ maxLength: 20 });
  const more = fc.dictionary(keys as fc.Arbitrary<string>, arbitraryOf(extra, root, hints, depth + 1), { maxKeys: 4 });
  return fc.tuple(known, more).map(([fixed, added]) => ({ ...added, ...(fixed as object) }));
}

// URLs on hosts that never need a DNS answer: loopback (allowed in the tests), private, link-local, `.invalid`.
const URLS = fc.constantFrom(
  'http://127.0.0.1:9/hook',
  'https://app.example.com/done',
  'https://10.0.0.1/x',
  'http://[::1]/',
  'http://169.254.169.254/latest',
  'https://hooks.invalid/x',
  'javascript:alert(1)',
  'not a url',
);

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uri') return URLS;
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.format === 'base64')
    return fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64'));
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const lengths = { minLength, maxLength: Math.min(schema.maxLength ?? minLength + 30, minLength + 30) };
  // Printable ASCII mostly; any code point (controls, CR/LF, lone surrogates) now and then.
  return fc.oneof(
    { weight: 3, arbitrary: fc.string(lengths) },
    { weight: 1, arbitrary: fc.string({ ...lengths, unit: 'binary' }) },
  );
}

function resolve(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, not ${ref}`);
  let node: any = root;
  for (const part of ref.slice(2).split('/')) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  if (!node) throw new Error(`Unresolved $ref ${ref}`);
  return node as JsonSchema;
}
