import type { Connection } from '@plugboard/core';
import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import google from '../src/index.js';
import { createFakeGoogle, fakeGoogleOptions } from './support/fake-google.js';

describe('Gmail actions', () => {
  let fake: FakeProvider;
  let hub: TestHub;
  let connection: Connection;
  const run = (action: string, input: unknown) =>
    hub.hub.connections.runAction(hub.workspaceId, connection.id, action, input);

  beforeAll(async () => {
    fake = await createFakeGoogle();
    hub = await startTestHub([google.gmail(fakeGoogleOptions(fake, '/gmail/v1'))]);
    connection = await hub.connected('gmail', fake);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('searches with Gmail syntax and summarizes each message from its metadata only', async () => {
    const found = await run('search-messages', { query: 'from:charles newer_than:7d', maxResults: 5 });
    expect(found).toEqual({
      messages: [
        {
          id: '18c1f2a3b4c5d6e7',
          threadId: '18c1f2a3b4c5d6e0',
          from: 'Charles Babbage <charles@example.com>',
          to: 'Ada Lovelace <ada@example.com>',
          subject: 'Note G',
          date: 'Mon, 24 Nov 2026 10:00:00 +0000',
          snippet: 'The engine can compute Bernoulli numbers',
          labels: ['INBOX', 'UNREAD'],
        },
      ],
      nextPageToken: null,
    });
    const list = fake.requestsTo('/gmail/v1/users/me/messages').at(-1)!;
    expect(Object.fromEntries(list.query)).toEqual({ maxResults: '5', q: 'from:charles newer_than:7d' });
    const get = fake.requestsTo('/gmail/v1/users/me/messages/18c1f2a3b4c5d6e7').at(-1)!;
    expect(get.query.get('format')).toBe('metadata');
    expect(get.query.getAll('metadataHeaders')).toEqual(['From', 'To', 'Subject', 'Date']);
  });

  it('pages on with nextPageToken', async () => {
    const page = (await run('search-messages', { maxResults: 1 })) as { messages: unknown[]; nextPageToken: string };
    expect(page.messages).toHaveLength(1);
    expect(page.nextPageToken).toBe('next-1');
  });

  it('reads a message: its plain text part, its attachments by name, never their content', async () => {
    expect(await run('read-message', { id: '18c1f2a3b4c5d6e7' })).toEqual({
      id: '18c1f2a3b4c5d6e7',
      threadId: '18c1f2a3b4c5d6e0',
      from: 'Charles Babbage <charles@example.com>',
      to: 'Ada Lovelace <ada@example.com>',
      cc: 'Mary Somerville <mary@example.com>',
      subject: 'Note G',
      date: 'Mon, 24 Nov 2026 10:00:00 +0000',
      snippet: 'The engine can compute Bernoulli numbers',
      labels: ['INBOX', 'UNREAD'],
      text: 'The engine can compute Bernoulli numbers.',
      attachments: [{ filename: 'note-g.pdf', mimeType: 'application/pdf', size: 52_000 }],
    });
    expect(fake.requestsTo('/gmail/v1/users/me/messages/18c1f2a3b4c5d6e7').at(-1)!.query.get('format')).toBe('full');
  });

  it('turns an HTML-only message into text, headers matched in any case', async () => {
    expect(await run('read-message', { id: '18c1f2a3b4c5d6e8' })).toMatchObject({
      from: 'Royal Society <events@example.org>',
      subject: 'Lecture & dinner',
      to: null,
      text: 'Tickets for Thursday & dinner\nSee you',
      attachments: [],
    });
  });

  it('refuses ids that could reshape the path, and answers a missing message as a provider error', async () => {
    const before = fake.requests.length;
    for (const id of ['../profile', 'a/b', 'x?format=raw', '']) {
      await expect(run('read-message', { id })).rejects.toMatchObject({ code: 'validation_error' });
    }
    expect(fake.requests).toHaveLength(before);
    fake.inject('GET /gmail/v1/users/me/messages/18c1f2a3b4c5d6e8', {
      status: 404,
      body: { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } },
    });
    await expect(run('read-message', { id: '18c1f2a3b4c5d6e8' })).rejects.toMatchObject({
      code: 'provider_error',
      message: expect.stringContaining('NOT_FOUND'),
    });
  });
});
