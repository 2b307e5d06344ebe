import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import {
  type ActionDefinition,
  PROVIDER_FACTORY_KIND,
  PROVIDER_KIND,
  type Provider,
  type ProviderContext,
  SPEC_MINOR,
  SPEC_VERSION,
} from './types.js';

/** The parts of a provider a plugin writes; the brand, spec version and id are added by `defineProvider`. */
export type ProviderDefinition<M> = Omit<Provider<M>, 'kind' | 'specVersion' | 'specMinor' | 'id'>;

/** A plugin's default export: parses its options, then builds the provider. */
export interface ProviderFactory<S extends z.ZodType = z.ZodType, M = unknown> {
  // Typed by the schema's input, so an embedder's misspelt option is a compile error; a loader that only has
  // parsed YAML holds a ProviderFactory<z.ZodType>, whose input is unknown, and the schema checks at run time.
  (options: z.input<S>, context?: Partial<ProviderContext>): Provider<M>;
  kind: typeof PROVIDER_FACTORY_KIND;
  specVersion: typeof SPEC_VERSION;
  /** The contract minor version the plugin was built with (1.1 and later). */
  specMinor: number;
  /** The provider's own id (a slug); the config may give it another in the hub. */
  id: string;
  optionsSchema: S;
}

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a lowercase slug');

/** Defines a provider plugin: `id`, an options schema, and a `setup` that returns the provider's data and hooks. */
export function defineProvider<S extends z.ZodType, M = Record<string, unknown>>(definition: {
  id: string;
  optionsSchema: S;
  setup: (options: z.output<S>, context: ProviderContext) => ProviderDefinition<M>;
}): ProviderFactory<S, M> {
  idSchema.parse(definition.id);
  const factory = (options: unknown, context?: Partial<ProviderContext>): Provider<M> => {
    const id = context?.id ?? definition.id;
    // Only a stand-in for building outside a hub (a plugin's unit tests): createHub checks what was given.
    const publicUrl = context?.publicUrl?.replace(/\/+$/, '') ?? 'http://localhost:3000';
    const parsed = parseOrThrow(definition.optionsSchema, options ?? {}, `options for provider "${id}"`, 'options');
    const full: ProviderContext = {
      id,
      publicUrl,
      mountUrl: context?.mountUrl ?? `${publicUrl}/providers/${id}`,
      installationKey: context?.installationKey,
    };
    const built = context?.publicUrl === undefined ? undefined : full;
    return {
      ...definition.setup(parsed, full),
      kind: PROVIDER_KIND,
      specVersion: SPEC_VERSION,
      specMinor: SPEC_MINOR,
      id,
      context: built,
    };
  };
  return Object.assign(factory, {
    kind: PROVIDER_FACTORY_KIND,
    specVersion: SPEC_VERSION,
    specMinor: SPEC_MINOR,
    id: definition.id,
    optionsSchema: definition.optionsSchema,
  });
}

/** An action whose schemas keep their types, so `runAction<typeof action>` checks its input and output. */
export type TypedAction<In extends z.ZodType, Out extends z.ZodType> = ActionDefinition<z.output<In>, z.output<Out>> & {
  input: In;
  output: Out;
};

/** Defines an action typed by its schemas: `run` gets the parsed input; callers of `runAction` see both types. */
export function defineAction<In extends z.ZodType, Out extends z.ZodType>(
  action: TypedAction<In, Out>,
): TypedAction<In, Out> {
  return action;
}

/** True when `value` is a provider factory made by a compatible `defineProvider`. */
export function isProviderFactory(value: unknown): value is ProviderFactory {
  return (
    typeof value === 'function' &&
    (value as { kind?: unknown }).kind === PROVIDER_FACTORY_KIND &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

/** True when `value` is a branded provider object (any spec version: check `specVersion` separately). */
export function isProvider(value: unknown): value is Provider {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === PROVIDER_KIND;
}

/** The options every OAuth2 provider plugin accepts for its client. */
export const oauth2ClientOptions = z.object({
  clientId: z.string().min(1, 'required'),
  clientSecret: z.string().min(1, 'required'),
  scopes: z.array(z.string().min(1)).optional(),
});
