import { type FakeProvider, startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterEach, describe, expect, it } from 'vitest';
import google from '../src/index.js';
import { ADA, createFakeGoogle, fakeGoogleOptions, type SummaryPage } from './support/fake-google.js';

/** `total` properties, one account per page of `perPage`, chained with page tokens the fake follows. */
function manyProperties(total: number, perPage: number): SummaryPage[] {
  const pages: SummaryPage[] = [];
  for (let start = 0; start < total; start += perPage) {
    const n = pages.length;
    const count = Math.min(perPage, total - start);
    pages.push({
      accountSummaries: [
        {
          name: `accountSummaries/${5000 + n}`,
          account: `accounts/${5000 + n}`,
          displayName: `Account ${n}`,
          propertySummaries: Array.from({ length: count }, (_, i) => ({
            property: `properties/${600000 + start + i}`,
            displayName: `site-${start + i}.example`,
            parent: `accounts/${5000 + n}`,
          })),
        },
      ],
      ...(start + perPage < total && { nextPageToken: `page-${n + 2}` }),
    });
  }
  return pages;
}

describe('Google Analytics properties in the connection metadata at connect', () => {
  let fake: FakeProvider | undefined;
  let hub: TestHub | undefined;
  const start = async (summaryPages?: SummaryPage[]) => {
    fake = await createFakeGoogle(summaryPages ? { summaryPages } : {});
    hub = await startTestHub([google['google-analytics'](fakeGoogleOptions(fake, '/v1beta'))]);
    return { fake, hub };
  };
  afterEach(async () => {
    await hub?.close();
    await fake?.close();
    hub = undefined;
    fake = undefined;
  });

  it("lands every property with its web data stream's URL as websiteUrl (null without a web stream)", async () => {
    const { fake, hub } = await start();
    const connection = await hub.connected('google-analytics', fake);
    expect(connection.metadata).toEqual({
      email: ADA.email,
      properties: [
        { id: 'properties/2001', name: 'engines.example', websiteUrl: 'https://engines.example' },
        { id: 'properties/2002', name: 'notes.example', websiteUrl: 'https://notes.example/app' },
        { id: 'properties/3001', name: 'club.example', websiteUrl: null },
      ],
      propertiesTruncated: false,
    });
    const credentials = await hub.hub.connections.credentials(hub.workspaceId, connection.id);
    if (credentials.type !== 'oauth2') throw new Error('expected OAuth2 credentials');
    const streams = fake.requests.filter((request) => request.path.endsWith('/dataStreams'));
    expect(streams.map((request) => request.path).toSorted()).toEqual(
      ['2001', '2002', '3001'].map((id) => `/v1beta/properties/${id}/dataStreams`),
    );
    expect(streams.every((request) => request.headers.authorization === `Bearer ${credentials.accessToken}`)).toBe(
      true,
    );
    // The selection actions stay: the listed properties can be selected, and the list is kept beside the choice.
    await hub.hub.connections.runAction(hub.workspaceId, connection.id, 'select-property', {
      propertyId: 'properties/2002',
    });
    expect((await hub.hub.connections.get(hub.workspaceId, connection.id)).metadata).toMatchObject({
      propertyId: 'properties/2002',
      propertiesTruncated: false,
      properties: expect.arrayContaining([expect.objectContaining({ id: 'properties/2001' })]),
    });
  });

  it('stops at 200 properties, reads no further page, and records propertiesTruncated', async () => {
    const { fake, hub } = await start(manyProperties(360, 90));
    const connection = await hub.connected('google-analytics', fake);
    const metadata = connection.metadata as { properties: { id: string }[]; propertiesTruncated: boolean };
    expect(metadata.properties).toHaveLength(200);
    expect(metadata.properties[199]!.id).toBe('properties/600199');
    expect(metadata.propertiesTruncated).toBe(true);
    // The third page (properties 180-269) passed the bound: the fourth was never asked for.
    expect(fake.requestsTo('/v1beta/accountSummaries').map((r) => r.query.get('pageToken'))).toEqual([
      null,
      'page-2',
      'page-3',
    ]);
    expect(fake.requests.filter((request) => request.path.endsWith('/dataStreams'))).toHaveLength(200);
  });

  it('exactly 200 properties are not truncated', async () => {
    const { fake, hub } = await start(manyProperties(200, 100));
    const connection = await hub.connected('google-analytics', fake);
    expect(connection.metadata).toMatchObject({ propertiesTruncated: false });
    expect((connection.metadata as { properties: unknown[] }).properties).toHaveLength(200);
  });

  it("fails the connect on the Admin API's error, so no connection holds a half-read list", async () => {
    const { fake, hub } = await start();
    fake.inject('GET /v1beta/properties/2002/dataStreams', {
      status: 429,
      body: { error: { code: 429, message: 'Quota exceeded.', status: 'RESOURCE_EXHAUSTED' } },
    });
    const { result } = await hub.connect('google-analytics', fake);
    expect(result).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await hub.hub.connections.list(hub.workspaceId, {})).toMatchObject({ data: [] });
  });
});
