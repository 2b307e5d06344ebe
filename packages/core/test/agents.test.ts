import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase, testEngines } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '../src/index.js';
import { keyProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();

describe.each(engines)('agents on %s', (engine) => {
  let db: TestDatabase;
  let hub: Hub;
  let logs: string[];
  const keys = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];

  beforeAll(async () => {
    db = createTestDatabase(engine);
    ({ hub, logs } = await startTestHub(db, [keyProvider], { encryptionKeys: keys }));
  });
  afterAll(async () => {
    vi.useRealTimers();
    await hub.close();
    await db.drop();
  });

  const workspaceWithKey = async (scopes: ('mcp' | 'proxy')[] = ['mcp']) => {
    const workspace = await hub.workspaces.create({ name: 'acme' });
    const { apiKey } = await hub.apiKeys.create(workspace.id, { scopes });
    return { workspaceId: workspace.id, keyId: apiKey.id };
  };

  it('mints a token whose grant names the owner, providers, tools and expiry', async () => {
    const { workspaceId, keyId } = await workspaceWithKey();
    const minted = await hub.agents.mintToken(workspaceId, keyId, {
      ownerId: 'user-1',
      providers: ['keyed'],
      tools: ['keyed.*'],
      expiresIn: 600,
    });
    expect(minted.token).toMatch(/^pbm_/);
    expect(hub.agents.isToken(minted.token)).toBe(true);
    const grant = await hub.agents.verifyToken(minted.token);
    expect(grant).toEqual({
      workspaceId,
      keyId,
      ownerId: 'user-1',
      providers: ['keyed'],
      tools: ['keyed.*'],
      tokenId: minted.id,
      expiresAt: minted.expiresAt,
    });
    logs.length = 0;
    hub.logger.info({ note: `handed ${minted.token}` }, 'token in a message');
    expect(logs.join('')).not.toContain(minted.token);
  });

  it('refuses bad input and unknown providers, writing nothing', async () => {
    const { workspaceId, keyId } = await workspaceWithKey();
    for (const input of [{}, { ownerId: '' }, { ownerId: 'u', expiresIn: 5 }, { ownerId: 'u', extra: 1 }]) {
      await expect(hub.agents.mintToken(workspaceId, keyId, input)).rejects.toMatchObject({ code: 'validation_error' });
    }
    await expect(hub.agents.mintToken(workspaceId, keyId, { ownerId: 'u', providers: ['nope'] })).rejects.toMatchObject(
      { code: 'validation_error', details: [{ path: 'providers[0]' }] },
    );
  });

  it('refuses forged, tampered, expired and orphaned tokens with 401', async () => {
    const { workspaceId, keyId } = await workspaceWithKey();
    const { token } = await hub.agents.mintToken(workspaceId, keyId, { ownerId: 'user-1' });
    const [body, kid, signature] = token.slice(4).split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const otherOwner = Buffer.from(JSON.stringify({ ...claims, own: 'user-2' })).toString('base64url');
    for (const bad of [
      `pbm_${otherOwner}.${kid}.${signature}`,
      `pbm_${body}.${kid}.${signature!.slice(0, -2)}AA`,
      `pbm_${body}.unknownkey.${signature}`,
      `pbm_${body}`,
      'pbm_',
      token.slice(4),
    ]) {
      await expect(hub.agents.verifyToken(bad)).rejects.toMatchObject({ code: 'unauthorized' });
    }

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3601_000);
    await expect(hub.agents.verifyToken(token)).rejects.toMatchObject({ code: 'unauthorized', message: /expired/ });
    vi.useRealTimers();

    await hub.apiKeys.delete(workspaceId, keyId);
    await expect(hub.agents.verifyToken(token)).rejects.toMatchObject({ code: 'unauthorized', message: /deleted/ });
  });

  it('stops trusting a token once its key lacks mcp, and verifies after a key rotation', async () => {
    const { workspaceId, keyId } = await workspaceWithKey(['proxy']);
    const { token } = await hub.agents.mintToken(workspaceId, keyId, { ownerId: 'u' });
    await expect(hub.agents.verifyToken(token)).rejects.toMatchObject({ code: 'unauthorized' });

    const mcp = await workspaceWithKey();
    const minted = await hub.agents.mintToken(mcp.workspaceId, mcp.keyId, { ownerId: 'u' });
    const { hub: rotated } = await startTestHub(db, [keyProvider], { encryptionKeys: [keys[1]!, keys[0]!] });
    try {
      await expect(rotated.agents.verifyToken(minted.token)).resolves.toMatchObject({ ownerId: 'u' });
      const { hub: forgotten } = await startTestHub(db, [keyProvider], { encryptionKeys: [keys[1]!] });
      try {
        await expect(forgotten.agents.verifyToken(minted.token)).rejects.toMatchObject({ code: 'unauthorized' });
      } finally {
        await forgotten.close();
      }
    } finally {
      await rotated.close();
    }
  });

  it("shows an owner only their own and the workspace's shared connections", async () => {
    const { workspaceId } = await workspaceWithKey();
    const make = (input: { ownerId?: string; shared?: boolean }, key: string) =>
      hub.connections.create(workspaceId, {
        provider: 'keyed',
        ...input,
        credentials: { type: 'api_key', apiKey: `good-${key}` },
      });
    const mine = await make({ ownerId: 'u1' }, 'a');
    const theirs = await make({ ownerId: 'u2' }, 'b');
    const shared = await make({ shared: true }, 'c');
    const listed = await hub.agents.connections(workspaceId, 'u1', null);
    expect(listed.map((c) => c.id)).toEqual([mine.id, shared.id]);
    expect(await hub.agents.connections(workspaceId, 'u1', ['other'])).toEqual([]);
    expect((await hub.agents.pickConnection(workspaceId, 'u1', 'keyed'))?.id).toBe(mine.id);
    expect((await hub.agents.pickConnection(workspaceId, 'u3', 'keyed'))?.id).toBe(shared.id);
    expect(await hub.agents.pickConnection(workspaceId, 'u1', 'other')).toBeNull();
    await expect(hub.agents.pickConnection(workspaceId, 'u1', 'keyed', theirs.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    const other = await workspaceWithKey();
    await expect(hub.agents.pickConnection(other.workspaceId, 'u1', 'keyed', mine.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('keeps tool calls in the events table without queueing webhook deliveries', async () => {
    const { workspaceId, keyId } = await workspaceWithKey();
    const call = {
      tool: 'keyed.request',
      ownerId: 'u1',
      connectionId: null,
      outcome: 'not_connected',
      durationMs: 3,
      tokenId: null,
      keyId,
    };
    await hub.agents.recordToolCall(workspaceId, call);
    expect(await hub.agents.toolCalls(workspaceId)).toEqual([
      { ...call, id: expect.any(String), createdAt: expect.any(String) },
    ]);
    const other = await workspaceWithKey();
    expect(await hub.agents.toolCalls(other.workspaceId)).toEqual([]);
  });
});
