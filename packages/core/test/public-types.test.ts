import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  type ActionDefinition,
  type CreateConnectionInput,
  defineAction,
  defineProvider,
  type Hub,
  type HubOptions,
  type Provider,
  type ProviderFactory,
} from '../src/index.js';

// Compile-time rules of the embedding API: `tsc --noEmit` (the package's typecheck) fails when one breaks, and every
// `@ts-expect-error` fails when its line stops being an error. The `it` bodies only declare; nothing runs.

const search = defineAction({
  input: z.object({ query: z.string(), limit: z.number().default(10) }),
  output: z.object({ titles: z.array(z.string()) }),
  async run({ input }) {
    expectTypeOf(input).toEqualTypeOf<{ query: string; limit: number }>();
    return { titles: [input.query] };
  },
});

const factory = defineProvider({
  id: 'typed',
  optionsSchema: z.object({ clientId: z.string(), region: z.enum(['eu', 'us']).optional() }),
  setup: (options) => ({
    name: 'Typed',
    auth: { type: 'api_key' },
    metadataSchema: z.object({ domain: z.string() }),
    api: { baseUrl: ({ metadata }) => `https://${metadata.domain}/${options.region ?? 'us'}` },
    actions: { search },
  }),
});

// Declared only: the calls below are checked by the compiler and never made.
declare const hub: Hub;
declare function connect(credentials: CreateConnectionInput['credentials']): void;

describe('public types', () => {
  it('a misspelt provider factory option is a compile error', () => {
    () => factory({ clientId: 'mine' });
    // @ts-expect-error clientID is not an option (clientId is)
    () => factory({ clientID: 'mine' });
    // @ts-expect-error region is one of eu/us
    () => factory({ clientId: 'mine', region: 'mars' });
    expectTypeOf(factory).parameter(0).toEqualTypeOf<{ clientId: string; region?: 'eu' | 'us' | undefined }>();
  });

  it('programmatic credentials are a discriminated union per auth kind', () => {
    () => {
      connect({ type: 'api_key', apiKey: 'k' });
      connect({ type: 'basic', username: 'u', password: 'p' });
      connect({ type: 'raw', token: 't', account: 'a' });
      connect({ type: 'oauth2', accessToken: 'a', refreshToken: 'r', expiresAt: '2030-01-01T00:00:00Z' });
      // @ts-expect-error no such auth kind
      connect({ type: 'bogus' });
      // @ts-expect-error an api_key credential needs its apiKey
      connect({ type: 'api_key' });
      // @ts-expect-error basic needs a password
      connect({ type: 'basic', username: 'u' });
      // @ts-expect-error raw fields are strings
      connect({ type: 'raw', token: 1 });
    };
  });

  it('runAction is typed by the action the plugin declares', () => {
    async () => {
      const output = await hub.connections.runAction<typeof search>('ws', 'con', 'search', { query: 'q' });
      expectTypeOf(output).toEqualTypeOf<{ titles: string[] }>();
      // @ts-expect-error query is a string
      await hub.connections.runAction<typeof search>('ws', 'con', 'search', { query: 1 });
      // @ts-expect-error query is required
      await hub.connections.runAction<typeof search>('ws', 'con', 'search', {});
      // Unnamed, an action takes and answers unknown: the plugin's schemas check at run time.
      expectTypeOf(hub.connections.runAction('ws', 'con', 'search', { any: 1 })).resolves.toBeUnknown();
    };
  });

  it('public signatures hold no any: a typed provider is a Provider<unknown> without a cast', () => {
    const built = factory({ clientId: 'mine' });
    const provider: Provider<unknown> = built;
    expectTypeOf<HubOptions['providers']>().toEqualTypeOf<Provider<unknown>[]>();
    expectTypeOf<ReturnType<Hub['providers']['get']>>().toEqualTypeOf<Provider<unknown>>();
    expectTypeOf<NonNullable<Provider['actions']>[string]>().toEqualTypeOf<ActionDefinition>();
    expectTypeOf<ReturnType<ProviderFactory>>().toEqualTypeOf<Provider<unknown>>();
    const options: Pick<HubOptions, 'providers'> = { providers: [built, provider] };
    expectTypeOf(options.providers[0]).not.toBeAny();
  });
});
