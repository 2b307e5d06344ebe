import { createTestDatabase, type TestDatabase, testEngines } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('provider display names on connections on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(() => {
    db = createTestDatabase(engine);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("shows the provider's display name, and its id once the hub no longer loads it", async () => {
    const { hub } = await startTestHub(db, [keyProvider]);
    let workspaceId: string;
    try {
      workspaceId = (await hub.workspaces.create({ name: 'names' })).id;
      const connection = await hub.connections.create(workspaceId, {
        provider: 'keyed',
        credentials: { type: 'api_key', apiKey: 'good-name' },
      });
      expect(connection).toMatchObject({ provider: 'keyed', providerName: 'Keyed' });
    } finally {
      await hub.close();
    }
    const { hub: without } = await startTestHub(db, []);
    try {
      const listed = await without.connections.list(workspaceId);
      expect(listed.data).toMatchObject([{ provider: 'keyed', providerName: 'keyed' }]);
    } finally {
      await without.close();
    }
  });
});
