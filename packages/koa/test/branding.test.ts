import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);

const admin = (method: string, path: string, body?: unknown) => api.call(method, path, { key: api.adminKey, body });

/** A connect page of `workspace`: its HTML and CSP. */
async function connectPage(key: string) {
  const created = await api.call('POST', '/v1/connect-sessions', { key, body: { provider: 'keyed' } });
  const page = await api.call('GET', new URL(created.json.connectUrl).pathname);
  return { text: page.text, csp: page.headers.get('content-security-policy')! };
}

describe('workspace branding', () => {
  it('names the app, colours the page and shows the logo served from the hub itself', async () => {
    const ws = await api.workspace();
    const put = await admin('PUT', `/v1/workspaces/${ws.id}/branding`, {
      displayName: 'Acme CRM',
      accentColor: '#FFD400',
    });
    expect(put.status).toBe(200);
    expect(put.json.branding).toEqual({
      displayName: 'Acme CRM',
      accentColor: '#ffd400',
      logo: null,
      updatedAt: expect.any(String),
    });
    const logo = await admin('PUT', `/v1/workspaces/${ws.id}/branding/logo`, {
      contentType: 'image/png',
      data: PNG.toString('base64'),
    });
    expect(logo.status).toBe(200);
    expect(logo.json.branding.logo).toMatchObject({ contentType: 'image/png', size: PNG.length });

    const page = await connectPage(ws.key);
    expect(page.text).toContain('<h1>Acme CRM wants to use your Keyed account</h1>');
    // A yellow accent gets black button text: white on it would fail contrast.
    expect(page.text).toContain('--accent:#ffd400;--on-accent:#000');
    const src = /<img class="logo app-logo" src="([^"]+)"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    expect(new URL(src).origin).toBe(api.baseUrl);
    expect(page.csp).toContain("img-src 'self'");

    const served = await fetch(src);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    expect((await admin('DELETE', `/v1/workspaces/${ws.id}/branding/logo`)).status).toBe(204);
    expect((await fetch(src)).status).toBe(404);
    const without = await connectPage(ws.key);
    expect(without.text).not.toContain('<img');
    expect(without.csp).not.toContain('img-src');
  });

  it('stores an SVG logo sanitised: no script, no handler, no reference elsewhere', async () => {
    const ws = await api.workspace();
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(1)</script><image href="https://evil.example/x.png"/><circle cx="5" cy="5" r="4" fill="#123456"/></svg>`;
    const put = await admin('PUT', `/v1/workspaces/${ws.id}/branding/logo`, {
      contentType: 'image/svg+xml',
      data: Buffer.from(svg).toString('base64'),
    });
    expect(put.status).toBe(200);
    const served = await fetch(`${api.baseUrl}/branding/${ws.id}/logo`);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    const text = await served.text();
    expect(text).toContain('<circle cx="5" cy="5" r="4" fill="#123456">');
    expect(text).not.toMatch(/script|onload|evil\.example|<image/);
  });

  it('refuses a logo that is not what it claims, too large, or of another type, and changes nothing', async () => {
    const ws = await api.workspace();
    const path = `/v1/workspaces/${ws.id}/branding/logo`;
    const refused = [
      { contentType: 'image/png', data: JPEG.toString('base64') },
      { contentType: 'image/gif', data: PNG.toString('base64') },
      { contentType: 'image/png', data: Buffer.alloc(300 * 1024).toString('base64') },
      { contentType: 'image/svg+xml', data: Buffer.from('<html><script>1</script></html>').toString('base64') },
      { contentType: 'image/png', data: 'not base64!' },
    ];
    for (const body of refused) {
      const answer = await admin('PUT', path, body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(answer.json.error).toBe('validation_error');
    }
    expect((await admin('GET', `/v1/workspaces/${ws.id}/branding`)).json.branding.logo).toBeNull();
    expect((await admin('PUT', `/v1/workspaces/${ws.id}/branding`, { accentColor: 'red' })).status).toBe(400);
  });

  it("is the admin key's to change, and 404 for a workspace that does not exist", async () => {
    const ws = await api.workspace();
    const asWorkspace = await api.call('PUT', `/v1/workspaces/${ws.id}/branding`, {
      key: ws.key,
      body: { displayName: 'Mine' },
    });
    expect(asWorkspace.status).toBe(403);
    const missing = await admin('PUT', '/v1/workspaces/00000000-0000-7000-8000-000000000000/branding', {
      displayName: 'x',
    });
    expect(missing.status).toBe(404);
  });
});

describe('GET /', () => {
  it('answers a browser with a page and a program with JSON', async () => {
    const page = await api.call('GET', '/', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1>Plugboard</h1>');
    const json = await api.call('GET', '/');
    expect(json.json).toEqual({ name: 'Plugboard', openapi: '/openapi.json', health: '/healthz' });
  });
});
