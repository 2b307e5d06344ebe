import { createTestDatabase, startFakeOAuthServer, type TestDatabase } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProvider, type Hub } from '../src/index.js';
import { startTestHub } from './support/hub.js';

// mapTokenResponse sees successful token answers only: error answers are classified by the engine first.
describe('the success-only token-response hook', () => {
  let fake: Awaited<ReturnType<typeof startFakeOAuthServer>>;
  let db: TestDatabase;
  let hub: Hub;
  let workspaceId: string;
  const seen: Record<string, unknown>[] = [];

  beforeAll(async () => {
    fake = await startFakeOAuthServer();
    const provider = defineProvider({
      id: 'mapped',
      optionsSchema: z.object({}),
      setup: () => ({
        name: 'Mapped',
        auth: {
          type: 'oauth2',
          authorizationUrl: `${fake.origin}/authorize`,
          tokenUrl: `${fake.origin}/token`,
          scopes: { default: ['read', 'write'] },
          client: { clientId: 'fake-client', clientSecret: fake.clientSecret },
          mapTokenResponse({ body, tokens }) {
            seen.push(body);
            if (typeof body.scope !== 'string') return tokens;
            return { ...tokens, scopes: body.scope.split(' ').map((scope) => `granted:${scope}`) };
          },
        },
        api: { baseUrl: `${fake.origin}/api` },
        async account({ fetch }) {
          const me = (await (await fetch('/me')).json()) as { id: string };
          return { id: me.id };
        },
      }),
    })({});
    db = createTestDatabase('sqlite');
    ({ hub } = await startTestHub(db, [provider]));
    workspaceId = (await hub.workspaces.create({ name: 'mapped' })).id;
  });
  afterAll(async () => {
    await hub?.close();
    await db?.drop();
    await fake?.close();
  });

  it('adjusts a successful exchange and refresh, and never sees an error answer', async () => {
    const session = await hub.connectSessions.create(workspaceId, { provider: 'mapped' });
    const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.connection.scopes).toEqual(['granted:read', 'granted:write']);
    expect(seen).toHaveLength(1);

    await hub.connections.refresh(workspaceId, result.connection.id);
    expect(seen).toHaveLength(2);

    fake.behaviour.refresh = 'invalid_grant';
    await expect(hub.connections.refresh(workspaceId, result.connection.id)).rejects.toMatchObject({
      code: 'reauth_required',
    });
    expect(seen).toHaveLength(2);
  });
});
