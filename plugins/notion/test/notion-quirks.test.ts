import { randomBytes } from 'node:crypto';
import { basicCredentials, type FakeProvider, type FakeRequest, startTestHub } from '@plugboard/plugin-kit';
import { describe, expect, it, onTestFinished } from 'vitest';
import factory from '../src/index.js';
import { createNotionFake, NOTION_AUTH, notionOptions } from './notion-fake.js';

/** A test hub with the Notion plugin pointed at a fake Notion, and a way to connect. */
async function start(options: { notionVersion?: string } = {}) {
  const fake = await createNotionFake();
  onTestFinished(() => fake.close());
  const test = await startTestHub((publicUrl) => factory({ ...options, ...notionOptions(fake) }, { publicUrl }));
  onTestFinished(() => test.close());
  return { hub: test.hub, fake, workspaceId: test.workspaceId, connect: () => test.connected('notion', fake) };
}

/** Asserts a token request used HTTP Basic and a JSON body with no client secret in it, as Notion wants. */
function expectBasicJson(request: FakeRequest, fake: FakeProvider) {
  expect(request.headers.authorization).toMatch(/^Basic /);
  // The engine form-urlencodes each half first (RFC 6749 2.3.1), so a UUID's dashes arrive as %2D.
  expect(basicCredentials(request.headers.authorization)).toEqual({ id: fake.clientId, secret: fake.clientSecret });
  expect(request.headers['content-type']).toMatch(/^application\/json/);
  expect(request.json).not.toHaveProperty('client_secret');
}

describe('Notion quirks', () => {
  it('exchanges the code and refreshes with HTTP Basic and a JSON body', async () => {
    const { hub, fake, workspaceId, connect } = await start();
    const connection = await connect();
    await hub.connections.refresh(workspaceId, connection.id);
    const [exchange, refresh] = fake.requestsTo('/v1/oauth/token');
    expectBasicJson(exchange!, fake);
    expect(exchange!.json).toMatchObject({ grant_type: 'authorization_code', code: expect.any(String) });
    expectBasicJson(refresh!, fake);
    expect(refresh!.json).toEqual({ grant_type: 'refresh_token', refresh_token: fake.issued[0]!.refreshToken });
  });

  it('stores the rotated refresh token: the old one is dead at Notion, the new one refreshes', async () => {
    const { hub, fake, workspaceId, connect } = await start();
    const connection = await connect();
    await hub.connections.refresh(workspaceId, connection.id);
    const [first, second] = fake.issued;
    expect(second!.refreshToken).not.toBe(first!.refreshToken);
    expect(await hub.connections.credentials(workspaceId, connection.id)).toMatchObject({
      accessToken: second!.accessToken,
      refreshToken: second!.refreshToken,
    });
    const replay = await fetch(fake.url('/v1/oauth/token'), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: first!.refreshToken }),
    });
    expect(replay.status).toBe(400);
    await hub.connections.refresh(workspaceId, connection.id);
    expect(fake.requestsTo('/v1/oauth/token').at(-1)!.json).toMatchObject({ refresh_token: second!.refreshToken });
  });

  it.each([
    [undefined, '2022-06-28'],
    ['2025-09-03', '2025-09-03'],
  ])('signs proxied calls with the token and Notion-Version (option %s)', async (notionVersion, header) => {
    const { hub, fake, workspaceId, connect } = await start(notionVersion ? { notionVersion } : {});
    const connection = await connect();
    const answer = await hub.proxy.forward(workspaceId, connection.id, {
      method: 'GET',
      target: '/users/me',
      headers: {},
    });
    expect(answer.status).toBe(200);
    const call = fake.requestsTo('/v1/users/me').at(-1)!;
    expect(call.headers['notion-version']).toBe(header);
    expect(call.headers.authorization).toBe(`Bearer ${fake.issued[0]!.accessToken}`);
  });

  it('asks for a user-owned authorization and keeps the workspace as metadata', async () => {
    const { hub, fake, workspaceId, connect } = await start();
    const session = await hub.connectSessions.create(workspaceId, { provider: 'notion' });
    const params = new URL(session.authorizationUrl!).searchParams;
    expect(params.get('owner')).toBe('user');
    expect(params.has('scope')).toBe(false);
    const connection = await connect();
    expect(connection).toMatchObject({
      accountId: `${NOTION_AUTH.workspace.id}:${NOTION_AUTH.owner.id}`,
      accountName: NOTION_AUTH.workspace.name,
      metadata: { workspace: NOTION_AUTH.workspace, botId: NOTION_AUTH.botId, ownerUserId: NOTION_AUTH.owner.id },
    });
    expect(fake.requests.filter((request) => request.path.startsWith('/v1/users'))).toEqual([]);
  });

  it('names a workspace-owned authorization by its workspace, with null name and icon when Notion sends none', async () => {
    const { fake, connect } = await start();
    fake.inject('token:authorization_code', {
      body: {
        access_token: `secret_${randomBytes(16).toString('hex')}`,
        token_type: 'bearer',
        refresh_token: `nrt_${randomBytes(16).toString('hex')}`,
        bot_id: NOTION_AUTH.botId,
        workspace_id: NOTION_AUTH.workspace.id,
        workspace_name: null,
        workspace_icon: null,
        owner: { type: 'workspace', workspace: true },
        duplicated_template_id: null,
        request_id: '5b2c9f0e-8d7a-4c1b-9e3f-2a6d4b8c0e17',
      },
    });
    expect(await connect()).toMatchObject({
      accountId: NOTION_AUTH.workspace.id,
      accountName: null,
      metadata: { workspace: { id: NOTION_AUTH.workspace.id, name: null, icon: null }, botId: NOTION_AUTH.botId },
    });
  });
});
