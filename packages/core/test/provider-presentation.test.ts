import { createTestDatabase, type TestDatabase } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../src/index.js';
import { fakeOAuthProvider, startTestHub } from './support/hub.js';

const HOSTILE_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 48 48" onload="alert(1)">
<script>alert(1)</script><image href="https://evil.example/track.png"/><use xlink:href="https://evil.example/s.svg#a"/>
<rect width="48" height="48" fill="#123456"/></svg>`;

// The fake provider with a logo and scope descriptions: what a 1.2 plugin adds.
function presented(extra: { logo?: unknown; descriptions?: unknown }): Provider<any> {
  const base = fakeOAuthProvider('http://127.0.0.1:9', 'secret');
  if (base.auth.type !== 'oauth2') throw new Error('oauth2 expected');
  return {
    ...base,
    logo: extra.logo as string,
    auth: { ...base.auth, scopes: { ...base.auth.scopes, descriptions: extra.descriptions as never } },
  };
}

describe('provider logos and scope descriptions as the hub loads them', () => {
  let db: TestDatabase;
  beforeAll(() => {
    db = createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('a logo with a script or an external reference is sanitised at load; the summary serves it from the hub', async () => {
    const descriptions = { read: { text: 'Read your things' }, write: { text: 'Change your things', sensitive: true } };
    const { hub } = await startTestHub(db, [presented({ logo: HOSTILE_LOGO, descriptions })]);
    try {
      const logo = hub.providers.get('fake').logo!;
      expect(logo).toContain('<rect width="48" height="48" fill="#123456"></rect>');
      expect(logo).not.toMatch(/script|onload|evil\.example|<image/);
      const [summary] = hub.providers.list();
      expect(summary).toMatchObject({ scopeDescriptions: descriptions });
      expect(summary!.logoUrl).toMatch(new RegExp(`^${hub.publicUrl}/provider-logos/fake\\?v=[0-9a-f]{64}$`));
    } finally {
      await hub.close();
    }
  });

  it('a provider without a logo or descriptions loads as before (the page falls back to its initial)', async () => {
    const { hub } = await startTestHub(db, [fakeOAuthProvider('http://127.0.0.1:9', 'secret')]);
    try {
      expect(hub.providers.list()[0]).toMatchObject({ logoUrl: null, scopeDescriptions: {} });
    } finally {
      await hub.close();
    }
  });

  it('a logo that is not an SVG refuses the provider, naming it', async () => {
    await expect(startTestHub(db, [presented({ logo: '<html><script>alert(1)</script></html>' })])).rejects.toThrow(
      /logo of provider "fake" is not a usable SVG/,
    );
    await expect(startTestHub(db, [presented({ logo: 42 })])).rejects.toThrow(/logo of provider "fake"/);
  });

  it('a scope description must be a short sentence', async () => {
    await expect(startTestHub(db, [presented({ descriptions: { read: { text: '' } } })])).rejects.toThrow(
      /scope descriptions of provider "fake"/,
    );
    await expect(startTestHub(db, [presented({ descriptions: { read: { text: 'x'.repeat(201) } } })])).rejects.toThrow(
      /scope descriptions/,
    );
  });
});
