import { afterEach, describe, expect, it } from 'vitest';
import { LINKED_IG_USER_ID, VERSION } from './support/meta-fakes.js';
import { type MetaHub, startMetaHub } from './support/meta-hub.js';

describe('facebook-pages: the granted pages in the connection metadata at connect', () => {
  let mh: MetaHub | undefined;
  afterEach(async () => {
    await mh?.close();
    mh = undefined;
  });
  const accountsFields = (hub: MetaHub) =>
    hub.facebook.fake.requestsTo(`/${VERSION}/me/accounts`).map((request) => request.query.get('fields'));

  it('lists each page with its linked Instagram business account id (null when none) when instagram_basic is asked for', async () => {
    mh = await startMetaHub({ facebookScopes: ['pages_show_list', 'pages_read_engagement', 'instagram_basic'] });
    const connection = await mh.connect('facebook-pages');
    expect(connection.metadata).toEqual({
      pages: [
        { id: '100000000000001', name: 'Zylker Page 1', igUserId: LINKED_IG_USER_ID },
        { id: '100000000000002', name: 'Zylker Page 2', igUserId: null },
      ],
      pagesTruncated: false,
    });
    expect(accountsFields(mh)).toEqual(['id,name,access_token,instagram_business_account{id}']);
    for (const page of mh.facebook.pages) expect(JSON.stringify(connection.metadata)).not.toContain(page.access_token);
  });

  it('without instagram_basic, lists the pages without asking Graph for the Instagram field', async () => {
    mh = await startMetaHub();
    const connection = await mh.connect('facebook-pages');
    expect(connection.metadata).toEqual({
      pages: [
        { id: '100000000000001', name: 'Zylker Page 1' },
        { id: '100000000000002', name: 'Zylker Page 2' },
      ],
      pagesTruncated: false,
    });
    expect(accountsFields(mh)).toEqual(['id,name,access_token']);
  });

  it('lists at most 200 pages and records pagesTruncated; every page keeps its token, so any can be selected', async () => {
    mh = await startMetaHub();
    for (let n = 3; n <= 250; n++) {
      mh.facebook.pages.push({ id: `${200000000000000 + n}`, name: `Page ${n}`, access_token: `page-token-${n}` });
    }
    const connection = await mh.connect('facebook-pages');
    const metadata = connection.metadata as { pages: { id: string }[]; pagesTruncated: boolean };
    expect(metadata.pages).toHaveLength(200);
    expect(metadata.pages[0]!.id).toBe('100000000000001');
    expect(metadata.pagesTruncated).toBe(true);
    // /me/accounts was followed over its three cursor pages of 100.
    expect(mh.facebook.fake.requestsTo(`/${VERSION}/me/accounts`)).toHaveLength(3);
    const last = `${200000000000000 + 250}`;
    await mh.api.hub.connections.runAction(mh.api.workspaceId, connection.id, 'select-page', { pageId: last });
    expect((await mh.api.hub.connections.get(mh.api.workspaceId, connection.id)).metadata).toMatchObject({
      pageId: last,
      pageName: 'Page 250',
      pagesTruncated: true,
    });
  });
});
