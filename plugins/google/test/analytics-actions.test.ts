import type { Connection } from '@plugboard/core';
import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import google from '../src/index.js';
import { ADA, createFakeGoogle, fakeGoogleOptions } from './support/fake-google.js';

describe('Google Analytics property actions', () => {
  let fake: FakeProvider;
  let hub: TestHub;
  let connection: Connection;
  const run = (action: string, input: unknown) =>
    hub.hub.connections.runAction(hub.workspaceId, connection.id, action, input);
  const metadata = async () => (await hub.hub.connections.get(hub.workspaceId, connection.id)).metadata;

  beforeAll(async () => {
    fake = await createFakeGoogle();
    const options = { ...fakeGoogleOptions(fake, '/v1beta'), dataApiUrl: fake.url('/v1beta') };
    hub = await startTestHub([google['google-analytics'](options)]);
    connection = await hub.connected('google-analytics', fake);
  });
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('lists the properties of every account, across pages, and nothing else', async () => {
    const properties = await run('list-properties', {});
    expect(properties).toEqual([
      {
        id: 'properties/2001',
        name: 'engines.example',
        account: 'accounts/1000',
        accountName: 'Analytical Engines Ltd',
      },
      { id: 'properties/2002', name: 'notes.example', account: 'accounts/1000', accountName: 'Analytical Engines Ltd' },
      { id: 'properties/3001', name: 'club.example', account: 'accounts/1001', accountName: 'Difference Engine Club' },
    ]);
    const pages = fake.requestsTo('/v1beta/accountSummaries').slice(-2);
    expect(pages.map((page) => page.query.get('pageToken'))).toEqual([null, 'page-2']);
    expect(pages.every((page) => page.query.get('pageSize') === '200')).toBe(true);
    const credentials = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected OAuth2 credentials');
    expect(pages[0]?.headers.authorization).toBe(`Bearer ${credentials.accessToken}`);
    expect(JSON.stringify(properties)).not.toContain(credentials.accessToken);
  });

  it('refuses a report before a property is selected, without calling Google', async () => {
    const before = fake.requests.length;
    await expect(run('run-report', { metrics: ['activeUsers'] })).rejects.toMatchObject({
      code: 'validation_error',
      message: expect.stringContaining('select-property'),
    });
    expect(fake.requests).toHaveLength(before);
  });

  it('selects a listed property into the connection metadata', async () => {
    const selected = await run('select-property', { propertyId: 'properties/3001' });
    expect(selected).toEqual({ propertyId: 'properties/3001', propertyName: 'club.example' });
    expect(await metadata()).toMatchObject({
      email: ADA.email,
      propertyId: 'properties/3001',
      propertyName: 'club.example',
    });
  });

  it('runs a Data API report on the selected property', async () => {
    const report = await run('run-report', {
      metrics: ['activeUsers'],
      dimensions: ['country'],
      startDate: '7daysAgo',
    });
    expect(report).toEqual({
      propertyId: 'properties/3001',
      dimensions: ['country'],
      metrics: ['activeUsers'],
      rows: [
        { dimensions: ['GB'], metrics: ['120'] },
        { dimensions: ['FR'], metrics: ['70'] },
      ],
      rowCount: 2,
    });
    expect(fake.requestsTo('/v1beta/properties/3001:runReport').at(-1)!.json).toEqual({
      dateRanges: [{ startDate: '7daysAgo', endDate: 'today' }],
      dimensions: [{ name: 'country' }],
      metrics: [{ name: 'activeUsers' }],
      limit: '100',
    });
    for (const input of [{ metrics: [] }, { metrics: ['a b'] }, { metrics: ['x'], startDate: 'last week' }]) {
      await expect(run('run-report', input)).rejects.toMatchObject({ code: 'validation_error' });
    }
    fake.inject('POST /v1beta/properties/3001:runReport', {
      status: 400,
      body: { error: { code: 400, message: 'Field nope is not a valid metric.', status: 'INVALID_ARGUMENT' } },
    });
    await expect(run('run-report', { metrics: ['nope'] })).rejects.toMatchObject({
      code: 'provider_error',
      message: expect.stringContaining('INVALID_ARGUMENT'),
    });
  });

  it('refuses a property the user cannot see, and one that is no property id, leaving the metadata alone', async () => {
    const before = await metadata();
    await expect(run('select-property', { propertyId: 'properties/9999' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(run('select-property', { propertyId: 'https://evil.example/' })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(run('select-property', {})).rejects.toMatchObject({ code: 'validation_error' });
    expect(await metadata()).toEqual(before);
  });

  it("turns the Admin API's error answers into provider errors", async () => {
    fake.inject('GET /v1beta/accountSummaries', {
      status: 429,
      body: { error: { code: 429, message: 'Quota exceeded.', status: 'RESOURCE_EXHAUSTED' } },
    });
    await expect(run('list-properties', {})).rejects.toMatchObject({ code: 'rate_limited' });
    fake.inject('GET /v1beta/accountSummaries', {
      status: 403,
      body: { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } },
    });
    await expect(run('list-properties', {})).rejects.toMatchObject({
      code: 'provider_error',
      message: expect.stringContaining('PERMISSION_DENIED'),
    });
  });
});
