import { startTestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import factory from '../src/index.js';
import { createSlackFake, type SlackFake } from './slack-fake.js';

describe('Slack actions', () => {
  let slack: SlackFake;
  let test: Awaited<ReturnType<typeof startTestHub>>;
  let run: (action: string, input: unknown) => Promise<unknown>;

  beforeAll(async () => {
    slack = await createSlackFake({ rotation: false, tokens: 'bot' });
    const { fake } = slack;
    const options = {
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      scopes: ['chat:write', 'channels:read'],
      authorizationUrl: fake.url('/oauth/v2/authorize'),
      tokenUrl: fake.url('/api/oauth.v2.access'),
      apiBaseUrl: fake.url('/api'),
    };
    test = await startTestHub((publicUrl) => factory(options, { publicUrl }));
    const connection = await test.connected('slack', fake);
    run = (action, input) => test.hub.connections.runAction(test.workspaceId, connection.id, action, input);
  });
  afterAll(async () => {
    await test?.close();
    await slack?.fake.close();
  });

  it('lists public channels a page at a time, and private ones when asked', async () => {
    expect(await run('list-channels', {})).toEqual({
      channels: [
        { id: 'C0GENERAL', name: 'general', isPrivate: false, isMember: true, memberCount: 42, topic: 'Company-wide' },
        { id: 'C0RANDOM', name: 'random', isPrivate: false, isMember: false, memberCount: 40, topic: '' },
      ],
      nextCursor: 'page-2',
    });
    const request = slack.fake.requestsTo('/api/conversations.list').at(-1)!;
    expect(Object.fromEntries(request.query)).toEqual({
      limit: '100',
      exclude_archived: 'true',
      types: 'public_channel',
    });
    expect(await run('list-channels', { cursor: 'page-2', includePrivate: true, limit: 2 })).toEqual({
      channels: [{ id: 'G0SECRET', name: 'board', isPrivate: true, isMember: true, memberCount: 5, topic: '' }],
      nextCursor: null,
    });
  });

  it('posts a message as JSON, in a thread when asked', async () => {
    expect(
      await run('post-message', { channel: 'C0GENERAL', text: 'Hello from an agent', threadTs: '1699.0001' }),
    ).toEqual({ channel: 'C0GENERAL', ts: '1700000000.000100' });
    expect(slack.posted.at(-1)).toEqual({ channel: 'C0GENERAL', text: 'Hello from an agent', thread_ts: '1699.0001' });
    const request = slack.fake.requestsTo('/api/chat.postMessage').at(-1)!;
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it("turns Slack's 200 + ok:false answers into classified errors, and refuses bad input before any call", async () => {
    await expect(run('post-message', { channel: 'C0NOWHERE', text: 'x' })).rejects.toMatchObject({
      code: 'provider_error',
      message: expect.stringContaining('channel_not_found'),
    });
    slack.fake.inject('GET /api/conversations.list', { status: 200, body: { ok: false, error: 'ratelimited' } });
    await expect(run('list-channels', {})).rejects.toMatchObject({ code: 'rate_limited' });
    const before = slack.fake.requestsTo('/api/chat.postMessage').length;
    await expect(run('post-message', { channel: '#general', text: 'x' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(run('post-message', { channel: 'C0GENERAL', text: '' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    expect(slack.fake.requestsTo('/api/chat.postMessage')).toHaveLength(before);
  });
});
