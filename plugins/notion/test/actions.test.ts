import type { Connection } from '@plugboard/core';
import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import notion from '../src/index.js';
import { createNotionFake, notionOptions } from './notion-fake.js';

describe('Notion actions', () => {
  let fake: FakeProvider;
  let hub: TestHub;
  let connection: Connection;
  const run = (action: string, input: unknown) =>
    hub.hub.connections.runAction(hub.workspaceId, connection.id, action, input);

  beforeAll(async () => {
    fake = await createNotionFake();
    hub = await startTestHub([notion(notionOptions(fake))]);
    connection = await hub.connected('notion', fake);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('searches shared pages and databases by title, with the pinned Notion-Version', async () => {
    expect(await run('search', { query: 'engine' })).toEqual({
      results: [
        {
          id: '59833787-2cf9-4fdf-8782-e53db20768a5',
          object: 'page',
          title: 'Analytical Engine notes',
          url: 'https://www.notion.so/Analytical-Engine-notes-598337872cf94fdf8782e53db20768a5',
          lastEditedTime: '2026-11-20T10:00:00.000Z',
        },
        {
          id: 'a1d8501e-1ac1-43e9-a6bd-ea9fe6c8822b',
          object: 'data_source',
          title: 'Engine parts',
          url: 'https://www.notion.so/a1d8501e1ac143e9a6bdea9fe6c8822b',
          lastEditedTime: '2026-11-10T10:00:00.000Z',
        },
      ],
      nextCursor: null,
    });
    const request = fake.requestsTo('/v1/search').at(-1)!;
    expect(request.headers['notion-version']).toBeDefined();
    expect(request.json).toEqual({
      query: 'engine',
      sort: { direction: 'descending', timestamp: 'last_edited_time' },
      page_size: 20,
    });
  });

  it('filters to pages or databases', async () => {
    const pages = (await run('search', { filter: 'data_source' })) as { results: { object: string }[] };
    expect(pages.results.map((item) => item.object)).toEqual(['data_source']);
    expect(fake.requestsTo('/v1/search').at(-1)!.json).toMatchObject({
      filter: { property: 'object', value: 'data_source' },
    });
  });

  it("turns Notion's error answers into classified errors", async () => {
    fake.inject('POST /v1/search', {
      status: 429,
      body: { object: 'error', status: 429, code: 'rate_limited', message: 'Slow down.' },
    });
    await expect(run('search', {})).rejects.toMatchObject({ code: 'rate_limited' });
    fake.inject('POST /v1/search', {
      status: 400,
      body: { object: 'error', status: 400, code: 'validation_error', message: 'bad filter' },
    });
    // Notion's code, never its free text (a message can quote the request).
    const refused = await run('search', {}).catch((error: Error) => error);
    expect(refused).toMatchObject({ code: 'provider_error', message: expect.stringContaining('validation_error') });
    expect((refused as Error).message).not.toContain('bad filter');
  });
});
