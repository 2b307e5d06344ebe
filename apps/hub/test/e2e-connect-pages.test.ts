import { randomBytes } from 'node:crypto';
import { workspaceWithKey } from '@plugboard/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installCore, tempDir, writeFiles } from './fixtures.js';
import { startAppServer } from './support/app-server.js';
import { inspect, launchChromium } from './support/browser.js';
import { api, freePort, type HubProcess, startHubProcess, writeConfig } from './support/hub-process.js';

// A third party's API-key plugin, loaded from a file next to the config: the provider is mocked, the hub is not.
const KEYED_PLUGIN = `import { defineProvider } from '@plugboard/core';
import { z } from 'zod';
export default defineProvider({
  id: 'keyed',
  optionsSchema: z.object({}),
  setup: () => ({
    name: 'Keyed Service',
    auth: {
      type: 'api_key',
      async verify({ credentials }) {
        if (!credentials.apiKey.startsWith('good')) throw new Error('that key is not valid');
      },
    },
  }),
});
`;

// An app's logo as its admin uploads it: an SVG, which the hub sanitises and serves from its own origin.
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#7b1fa2"/><path d="M14 34 24 12l10 22h-5l-5-11-5 11z" fill="#fff"/></svg>`;

// API-key services of the bundled catalog (each shown with the tile the catalog draws in its brand colour): with
// the sandbox and `keyed`, enough for the chooser's search box.
const CATALOG_KEYED = ['stripe', 'openai', 'anthropic', 'github-token', 'gitlab-token', 'datadog', 'figma-token'];

// The real CLI, the real sandbox, a real browser: what an end user of an embedding app goes through.
describe('connect pages in headless Chromium', { timeout: 60_000 }, () => {
  const dir = tempDir();
  let hub: HubProcess;
  let app: Awaited<ReturnType<typeof startAppServer>>;
  let foreignApp: Awaited<ReturnType<typeof startAppServer>>;
  let key: string;
  let adminKey: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  // What the browser said went wrong (a CSP violation, a failed script), to explain a flow that got stuck.
  let browserErrors: string[];

  beforeAll(async () => {
    installCore(dir.root);
    writeFiles(dir.root, {
      'package.json': JSON.stringify({ name: 'my-hub', private: true, type: 'module' }),
      'plugins/keyed.js': KEYED_PLUGIN,
    });
    const port = await freePort();
    const config = writeConfig(
      dir.root,
      port,
      `database: sqlite:./data/plugboard.db
encryptionKeys: ["\${PLUGBOARD_ENCRYPTION_KEY}"]
adminKey: \${PLUGBOARD_ADMIN_KEY}
egress: { allow: [127.0.0.0/8] }
allowSandbox: true
providers:
  - use: "@plugboard/provider-sandbox"
  - use: ./plugins/keyed.js
${CATALOG_KEYED.map((id) => `  - use: "@plugboard/provider-catalog"\n    provider: ${id}\n`).join('')}`,
    );
    adminKey = randomBytes(32).toString('base64url');
    [hub, app, foreignApp, browser] = await Promise.all([
      startHubProcess('start', config, port, {
        PLUGBOARD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        PLUGBOARD_ADMIN_KEY: adminKey,
      }),
      startAppServer(),
      startAppServer(),
      launchChromium(),
    ]);
    // Only `app` may receive users back; `foreignApp` is any other site.
    ({ key } = await workspaceWithKey(hub.url, adminKey, [app.origin]));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([app?.close(), foreignApp?.close()]);
    expect(await hub?.stop()).toBe(0);
    dir.cleanup();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    browserErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
  });
  afterEach(() => context.close());

  /** A connect session made by the app's server, as an embedding app does. */
  async function connectSession(body: Record<string, unknown>): Promise<string> {
    const session = await api(hub.url, 'POST', '/v1/connect-sessions', key, body);
    expect(session.status).toBe(201);
    return session.json.connectUrl as string;
  }

  /** Waits until the flow lands back on the app's returnTo, and answers that URL. */
  async function backAtApp(): Promise<URL> {
    await page.waitForURL(`${app.origin}/done?**`, { timeout: 10_000 }).catch((error: Error) => {
      throw new Error(`The browser never got back to the app: ${browserErrors.join(' ') || error.message}`);
    });
    return new URL(page.url());
  }

  const connection = async (id: string | null) => (await api(hub.url, 'GET', `/v1/connections/${id}`, key)).json;

  /** On the sandbox consent page: types the account name and clicks Approve or Deny. */
  async function decideOnSandbox(on: Page, decision: 'Approve' | 'Deny', accountName = 'Grace Hopper') {
    await on.getByLabel('Account name').fill(accountName);
    await on.getByRole('button', { name: decision }).click();
  }

  it('sandbox OAuth: the connect page, Approve, and back at returnTo with connection_id', async () => {
    const connectUrl = await connectSession({ provider: 'sandbox', ownerId: 'u1', returnTo: `${app.origin}/done` });
    await page.goto(connectUrl);
    // Without branding the workspace's own name stands for the app.
    await expect.poll(() => page.title()).toBe('demo wants to use your Sandbox account');
    // The sandbox's scopes in its own words, the sensitive one marked; the raw names folded away.
    const access = page.getByRole('list', { name: 'What demo will be able to do' });
    expect(await access.getByRole('listitem').allTextContents()).toEqual([
      'See your account name, account id and email address',
      'Read your itemssensitive',
    ]);
    expect(await page.getByText('items:read').isVisible()).toBe(false);
    await inspect(page, 'connect-oauth');
    await page.getByText('Technical names of this access').click();
    expect(await page.getByText('items:read').isVisible()).toBe(true);
    await inspect(page, 'connect-oauth-scope-names');
    await page.getByRole('link', { name: 'Continue to Sandbox' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor();
    await inspect(page, 'sandbox-consent');
    await decideOnSandbox(page, 'Approve');
    const back = await backAtApp();
    expect(back.searchParams.get('error')).toBeNull();
    expect((await connection(back.searchParams.get('connection_id'))).connection).toMatchObject({
      provider: 'sandbox',
      ownerId: 'u1',
      accountName: 'Grace Hopper',
    });
  });

  it('sandbox OAuth: Deny comes back to returnTo with error=access_denied', async () => {
    await page.goto(await connectSession({ provider: 'sandbox', returnTo: `${app.origin}/done` }));
    await page.getByRole('link', { name: 'Continue to Sandbox' }).click();
    await decideOnSandbox(page, 'Deny');
    const back = await backAtApp();
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('connection_id')).toBeNull();
  });

  it('API key: a rejected key shows the error on the form, then an accepted key connects', async () => {
    await page.goto(await connectSession({ provider: 'keyed', ownerId: 'u2', returnTo: `${app.origin}/done` }));
    // A plugin without a logo: its initial stands in, and the page loads no image at all.
    expect(await page.locator('.provider-logo').textContent()).toBe('K');
    expect(await page.locator('img').count()).toBe(0);
    await inspect(page, 'connect-api-key');
    // Keyboard users reach the field first, then the button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-apiKey');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Connect');

    const field = page.getByLabel('API key');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill('bad-key-123');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('that key is not valid');
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    await inspect(page, 'connect-api-key-rejected');

    await page.getByLabel('API key').fill('good-key-456');
    await page.getByRole('button', { name: 'Connect' }).click();
    const id = (await backAtApp()).searchParams.get('connection_id');
    expect((await connection(id)).connection).toMatchObject({ provider: 'keyed', ownerId: 'u2' });
  });

  it('an empty required field is marked invalid next to the field', async () => {
    await page.goto(await connectSession({ provider: 'keyed' }));
    // Past the browser's own check of `required`, as a browser without it would send it.
    await page.evaluate(() => document.querySelector('form')!.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Connect' }).click();
    const field = page.getByLabel('API key');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const described = await field.getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toMatch(/\w/);
    await inspect(page, 'connect-api-key-field-error');
  });

  it('result pages when the session has no returnTo, and the page of a used link', async () => {
    const connectUrl = await connectSession({ provider: 'keyed' });
    await page.goto(connectUrl);
    await page.getByLabel('API key').fill('good-key');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    await inspect(page, 'result-connected');

    await page.goto(connectUrl);
    await page.getByRole('heading', { name: 'This link was already used' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('ask the app for a new one');
    await inspect(page, 'link-already-used');

    await page.goto(await connectSession({ provider: 'sandbox' }));
    await page.getByRole('link', { name: 'Continue to Sandbox' }).click();
    await decideOnSandbox(page, 'Deny');
    await page.getByRole('heading', { name: 'You denied access' }).waitFor();
    await inspect(page, 'result-denied');
  });

  it("branding: the app's name, colour and logo and the provider's logo on its pages, light and dark; nothing loads from another origin", async () => {
    const acme = await workspaceWithKey(hub.url, adminKey);
    const branding = `/v1/workspaces/${acme.workspaceId}/branding`;
    expect(
      (await api(hub.url, 'PUT', branding, adminKey, { displayName: 'Acme CRM', accentColor: '#7b1fa2' })).status,
    ).toBe(200);
    const logo = { contentType: 'image/svg+xml', data: Buffer.from(LOGO_SVG).toString('base64') };
    expect((await api(hub.url, 'PUT', `${branding}/logo`, adminKey, logo)).status).toBe(200);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    const session = await api(hub.url, 'POST', '/v1/connect-sessions', acme.key, { provider: 'sandbox' });
    await page.goto(session.json.connectUrl);
    await expect.poll(() => page.title()).toBe('Acme CRM wants to use your Sandbox account');
    // The app's logo and the provider's, both drawn (the image loaded) and both from the hub's origin.
    for (const logo of ['img.app-logo', 'img.provider-logo']) {
      const shown = await page.locator(logo).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
      expect(shown, logo).toBeGreaterThan(0);
    }
    await inspect(page, 'connect-branded');
    await page.emulateMedia({ colorScheme: 'dark' });
    await inspect(page, 'connect-branded-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('link', { name: 'Continue to Sandbox' }).click();
    await decideOnSandbox(page, 'Approve', 'Katherine Johnson');
    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('is connected to Acme CRM');
    await inspect(page, 'result-branded');

    // Connect page, logo, consent page, callback, result page: every request went to the hub itself.
    expect(requested.some((url) => url.includes('/branding/'))).toBe(true);
    expect(requested.some((url) => url.includes('/provider-logos/sandbox'))).toBe(true);
    expect(requested.filter((url) => new URL(url).origin !== hub.url)).toEqual([]);
  });

  it('chooser: three providers with their logos, pick the sandbox, approve, connected; nothing loads from another origin', async () => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const connectUrl = await connectSession({
      providers: ['sandbox', 'keyed', 'stripe'],
      ownerId: 'u5',
      returnTo: `${app.origin}/done`,
    });
    await page.goto(connectUrl);
    await expect.poll(() => page.title()).toBe('Which account should demo use?');
    const choices = page.getByRole('list', { name: 'Services you can connect' }).getByRole('button');
    // The names as written beside the logos (an initial standing in for a logo is hidden from assistive technology).
    expect(await choices.locator('span:not(.logo)').allTextContents()).toEqual(['Sandbox', 'Keyed Service', 'Stripe']);
    // The sandbox's logo and the catalog's Stripe tile drawn from the hub; the initial for a provider without one.
    // No search box for three.
    for (const id of ['sandbox', 'stripe']) {
      const logo = page.locator(`button[value="${id}"] img.provider-logo`);
      expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), id).toBeGreaterThan(0);
    }
    expect(await page.locator('button[value="keyed"] .logo-initial').textContent()).toBe('K');
    expect(await page.getByRole('searchbox').count()).toBe(0);
    await inspect(page, 'chooser');
    await page.emulateMedia({ colorScheme: 'dark' });
    await inspect(page, 'chooser-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Sandbox' }).click();
    await page.getByRole('link', { name: 'Continue to Sandbox' }).waitFor();
    expect(page.url()).toBe(connectUrl);
    await inspect(page, 'chooser-picked');
    await page.getByRole('link', { name: 'Continue to Sandbox' }).click();
    await decideOnSandbox(page, 'Approve', 'Mary Jackson');
    const back = await backAtApp();
    expect((await connection(back.searchParams.get('connection_id'))).connection).toMatchObject({
      provider: 'sandbox',
      ownerId: 'u5',
      accountName: 'Mary Jackson',
    });

    // Back on the used link, the pick cannot be made again.
    await page.goto(connectUrl);
    await page.getByRole('heading', { name: 'This link was already used' }).waitFor();
    expect(requested.some((url) => url.includes('/provider-logos/sandbox'))).toBe(true);
    expect(requested.some((url) => url.includes('/provider-logos/stripe'))).toBe(true);
    expect(requested.filter((url) => new URL(url).origin !== hub.url && !url.startsWith(app.origin))).toEqual([]);
  });

  it('chooser: every provider the workspace can connect, searched without script, then a typed-in one picked', async () => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(await connectSession({}));
    const choices = page.getByRole('list', { name: 'Services you can connect' }).getByRole('button');
    expect(await choices.count()).toBe(2 + CATALOG_KEYED.length);
    await inspect(page, 'chooser-all');
    await page.getByRole('searchbox', { name: 'Search for a service' }).fill('git');
    await page.keyboard.press('Enter');
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('2 of 9 services match “git”.');
    expect(await choices.locator('span:not(.logo)').allTextContents()).toEqual([
      'GitHub (personal access token)',
      'GitLab (personal access token)',
    ]);
    expect(await page.getByRole('searchbox').inputValue()).toBe('git');
    await inspect(page, 'chooser-search');
    await page.getByRole('searchbox').fill('nothing like it');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('No service matches');
    await page.getByRole('link', { name: 'Show all services' }).click();
    await expect.poll(() => choices.count()).toBe(2 + CATALOG_KEYED.length);

    await page.getByRole('button', { name: 'GitLab (personal access token)' }).click();
    await page.getByRole('button', { name: 'Connect' }).waitFor();
    expect(await page.title()).toBe('demo wants to use your GitLab (personal access token) account');
    await inspect(page, 'chooser-picked-api-key');
    // The page ran no script at all: the search is a plain form the hub answers.
    expect(browserErrors).toEqual([]);
    expect(requested.filter((url) => new URL(url).origin !== hub.url)).toEqual([]);
  });

  it('chooser in a second language: German from the browser', async () => {
    const german = await browser.newContext({ locale: 'de-DE' });
    try {
      const germanPage = await german.newPage();
      await germanPage.goto(await connectSession({ providers: ['sandbox', 'keyed', 'stripe'] }));
      await expect.poll(() => germanPage.title()).toBe('Welches Konto soll demo verwenden?');
      expect(await germanPage.getAttribute('html', 'lang')).toBe('de');
      await germanPage.getByRole('list', { name: 'Dienste, die Sie verbinden können' }).waitFor();
      await inspect(germanPage, 'chooser-german');
    } finally {
      await german.close();
    }
  });

  it('right to left: the chooser in Arabic mirrors its layout (logo on the right of each name)', async () => {
    const arabic = await browser.newContext({ locale: 'ar-EG' });
    try {
      const arabicPage = await arabic.newPage();
      await arabicPage.goto(await connectSession({ providers: ['sandbox', 'keyed', 'stripe'] }));
      await expect.poll(() => arabicPage.title()).toBe('أي حساب يجب أن يستخدمه demo؟');
      expect(await arabicPage.getAttribute('html', 'dir')).toBe('rtl');
      const choice = arabicPage.getByRole('button', { name: 'Sandbox' });
      const logo = await choice.locator('img').boundingBox();
      const name = await choice.locator('span').boundingBox();
      expect(logo && name && logo.x > name.x + name.width).toBe(true);
      await inspect(arabicPage, 'chooser-arabic');
      await choice.click();
      await arabicPage.getByRole('link', { name: 'المتابعة إلى Sandbox' }).waitFor();
      await inspect(arabicPage, 'connect-arabic');
    } finally {
      await arabic.close();
    }
  });

  it("languages: the browser's (French, from Accept-Language) and the session's (Japanese), each with lang set", async () => {
    const french = await browser.newContext({ locale: 'fr-FR' });
    try {
      const frenchPage = await french.newPage();
      await frenchPage.goto(await connectSession({ provider: 'sandbox' }));
      await expect.poll(() => frenchPage.title()).toBe('demo souhaite utiliser votre compte Sandbox');
      expect(await frenchPage.getAttribute('html', 'lang')).toBe('fr');
      await frenchPage.getByRole('link', { name: 'Continuer vers Sandbox' }).waitFor();
      await inspect(frenchPage, 'connect-french');

      // The session names Japanese: it wins over the browser's French, on the form and on the result page.
      await frenchPage.goto(await connectSession({ provider: 'keyed', locale: 'ja' }));
      expect(await frenchPage.getAttribute('html', 'lang')).toBe('ja');
      await inspect(frenchPage, 'connect-japanese');
      await frenchPage.getByLabel('API key').fill('good-key');
      await frenchPage.getByRole('button', { name: '接続' }).click();
      await frenchPage.getByRole('heading', { name: '接続しました' }).waitFor();
      await inspect(frenchPage, 'result-japanese');
    } finally {
      await french.close();
    }
  });

  it('popup: the helper opens the connect page, the user approves, and its promise resolves', async () => {
    const connectUrl = await connectSession({ provider: 'sandbox', ownerId: 'u3', returnTo: `${app.origin}/done` });
    await page.goto(`${app.origin}/?${new URLSearchParams({ connectUrl })}`);
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button').click()]);
    await popup.getByRole('link', { name: 'Continue to Sandbox' }).waitFor();
    expect(new URL(popup.url()).searchParams.get('display')).toBe('popup');
    await inspect(popup, 'connect-popup');
    await popup.getByRole('link', { name: 'Continue to Sandbox' }).click();
    // The popup closes itself as soon as it has posted: listen before it can happen.
    const closed = popup.waitForEvent('close');
    await decideOnSandbox(popup, 'Approve', 'Ada Lovelace');
    await closed;

    await expect.poll(() => page.locator('#result').textContent()).toMatch(/^connected /);
    const id = (await page.locator('#result').textContent())!.slice('connected '.length);
    expect((await connection(id)).connection).toMatchObject({ ownerId: 'u3', accountName: 'Ada Lovelace' });
    const received = await page.evaluate(() => (window as unknown as { received: unknown[] }).received);
    expect(received).toEqual([{ origin: hub.url, data: { type: 'plugboard:connect', connectionId: id } }]);
  });

  it('popup opened by another origin: the outcome is never posted to it', async () => {
    // The session returns to `app`; a page of `foreignApp` got hold of its connect link and opens it.
    const connectUrl = await connectSession({ provider: 'sandbox', ownerId: 'u4', returnTo: `${app.origin}/done` });
    await page.goto(`${foreignApp.origin}/?${new URLSearchParams({ connectUrl, timeoutMs: '20000' })}`);
    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button').click()]);
    await popup.getByRole('link', { name: 'Continue to Sandbox' }).click();
    // The popup closes itself as soon as it has posted: listen before it can happen.
    const closed = popup.waitForEvent('close');
    await decideOnSandbox(popup, 'Approve');
    await closed;

    // The flow itself completed: the connection exists, yet the opener heard nothing and gave up.
    await expect
      .poll(async () => (await api(hub.url, 'GET', '/v1/connections?ownerId=u4', key)).json.data.length)
      .toBe(1);
    // Cancelled, not timed out: the popup ran its script, posted to the session's origin only, and closed.
    await expect
      .poll(() => page.locator('#result').textContent(), { timeout: 5_000 })
      .toMatch(/^ConnectError cancelled:/);
    expect(await page.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([]);
  });

  it('popup page opened without an opener stays open and says what happened', async () => {
    const connectUrl = await connectSession({ provider: 'keyed', returnTo: `${app.origin}/done` });
    await page.goto(`${connectUrl}?display=popup`);
    await page.getByLabel('API key').fill('good-key');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    expect(page.isClosed()).toBe(false);
    await inspect(page, 'result-popup-without-opener');
  });
});
