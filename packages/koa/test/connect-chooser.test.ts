import type { ConnectSessionView, ProviderSummary } from '@plugboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooserPage, SEARCH_FROM } from '../src/pages/chooser-page.js';
import { messagesFor } from '../src/pages/i18n.js';
import { type Answer, startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const APP = 'https://app.example.com';

/** A connect session over the API: its answer, and its connect link's path. */
async function session(body: Record<string, unknown>) {
  const ws = await api.workspace();
  const created = await api.call('POST', '/v1/connect-sessions', { key: ws.key, body });
  expect(created.status, created.text).toBe(201);
  return { key: ws.key, json: created.json, path: new URL(created.json.connectUrl).pathname };
}

/** Presses one of the chooser's buttons, as the browser posts it from the page itself. */
const pick = (path: string, provider: string, headers: Record<string, string> = {}) =>
  api.call('POST', `${path}/choose`, {
    body: new URLSearchParams({ provider }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
  });

const h1 = (answer: Answer) => /<h1>(.*?)<\/h1>/.exec(answer.text)?.[1];

describe('POST /v1/connect-sessions with a choice of providers', () => {
  it('answers the providers offered and no provider yet; none named offers every connectable one', async () => {
    const named = await session({ providers: ['keyed', 'fake'] });
    expect(named.json).toMatchObject({
      provider: null,
      providers: ['keyed', 'fake'],
      authorizationUrl: null,
      status: 'open',
    });
    const all = await session({});
    expect(all.json).toMatchObject({ provider: null, providers: ['fake', 'keyed', 'mounted'] });
    const one = await session({ provider: 'fake' });
    expect(one.json).toMatchObject({ provider: 'fake', providers: ['fake'] });
    expect(one.json.authorizationUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/authorize\?/);
  });

  it('refuses both fields, unknown, repeated or empty lists and scopes with a choice with a 400 naming the field', async () => {
    const { key } = await api.workspace();
    const refused: [Record<string, unknown>, string, RegExp][] = [
      [{ provider: 'fake', providers: ['keyed'] }, 'providers', /either provider or providers/],
      [{ providers: ['keyed', 'nope'] }, 'providers[1]', /no provider "nope"/],
      [{ providers: ['keyed', 'keyed'] }, 'body.providers', /more than once/],
      [{ providers: [] }, 'body.providers', /providers/],
      [{ providers: 'keyed' }, 'body.providers', /providers/],
      [
        { providers: ['keyed', 'fake'], scopes: ['read'] },
        'scopes',
        /only allowed when the session names one provider/,
      ],
      [{ scopes: ['read'] }, 'scopes', /only allowed/],
    ];
    for (const [body, path, message] of refused) {
      const answer = await api.call('POST', '/v1/connect-sessions', { key, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error).toBe('validation_error');
      expect(answer.json.message).toMatch(message);
      expect(answer.json.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    // The one provider named stays a 404 when unknown, as before there was a choice.
    expect((await api.call('POST', '/v1/connect-sessions', { key, body: { provider: 'nope' } })).status).toBe(404);
  });
});

describe('GET /v1/connect-sessions/:id', () => {
  it('shows the providers offered, the provider once picked, and the status; another workspace gets 404', async () => {
    const { key, json, path } = await session({ providers: ['keyed', 'fake'] });
    const get = () => api.call('GET', `/v1/connect-sessions/${json.id}`, { key });
    const open = await get();
    expect(open.status).toBe(200);
    expect(open.json).toEqual({ ...json, status: 'open' });
    expect((await pick(path, 'fake')).status).toBe(303);
    const picked = (await get()).json;
    expect(picked).toMatchObject({ provider: 'fake', providers: ['keyed', 'fake'], status: 'open' });
    expect(new URL(picked.authorizationUrl).searchParams.get('code_challenge_method')).toBe('S256');
    await api.call('GET', `/oauth/callback?${new URLSearchParams(api.fake.approve(picked.authorizationUrl))}`);
    expect((await get()).json).toMatchObject({ provider: 'fake', status: 'used', authorizationUrl: null });

    const other = await api.workspace();
    const foreign = await api.call('GET', `/v1/connect-sessions/${json.id}`, { key: other.key });
    expect(foreign.status).toBe(404);
    expect(foreign.json.error).toBe('not_found');
  });
});

describe('the chooser page', () => {
  it('lists each provider with its logo (or initial) and name as a button of one form posting to /choose', async () => {
    const { path } = await session({ providers: ['keyed', 'fake'], returnTo: `${APP}/done` });
    const page = await api.call('GET', path);
    expect(page.status).toBe(200);
    expect(h1(page)).toBe('Which account should acme use?');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("img-src 'self'");
    expect(csp).not.toContain('script-src');
    expect(page.text).not.toContain('<script');
    expect(page.text).toContain(`<form method="post" action="${api.baseUrl}${path}/choose">`);
    const buttons = [
      ...page.text.matchAll(/<button class="choice" type="submit" name="provider" value="(\w+)">(.*?)<\/button>/g),
    ];
    expect(buttons.map((button) => button[1])).toEqual(['keyed', 'fake']);
    expect(buttons[0]![2]).toContain(
      '<span class="logo logo-initial provider-logo" aria-hidden="true">K</span><span>Keyed</span>',
    );
    expect(buttons[1]![2]).toMatch(/<img class="logo provider-logo" src="http:\/\/[^"]+\/provider-logos\/fake\?v=/);
    // Three providers need no search box.
    expect(page.text).not.toContain('type="search"');
    expect(page.text).toContain(`Afterwards you go back to ${APP}.`);
  });

  it('speaks the languages of the pages', async () => {
    const { path } = await session({ providers: ['keyed', 'fake'], locale: 'de' });
    const german = await api.call('GET', path);
    expect(german.text).toContain('<html lang="de" dir="ltr">');
    expect(h1(german)).toBe('Welches Konto soll acme verwenden?');
    const japanese = await api.call('GET', path, { headers: { 'accept-language': 'ja' } });
    expect(h1(japanese)).toBe('Welches Konto soll acme verwenden?');
    const { path: browsers } = await session({ providers: ['keyed', 'fake'] });
    expect(h1(await api.call('GET', browsers, { headers: { 'accept-language': 'ja' } }))).toBe(
      'acme が使うアカウントはどれですか？',
    );
  });

  it('a pick binds the provider and goes back to the connect page, which now connects it (OAuth2)', async () => {
    const { key, path } = await session({ providers: ['keyed', 'fake'], ownerId: 'u9' });
    const picked = await pick(path, 'fake');
    expect(picked.status).toBe(303);
    expect(picked.headers.get('location')).toBe(`${api.baseUrl}${path}`);
    expect(picked.headers.get('cache-control')).toBe('no-store');
    const page = await api.call('GET', path);
    expect(h1(page)).toBe('acme wants to use your Fake account');
    const authorizationUrl = /<a class="button" href="([^"]+)"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    expect(new URL(authorizationUrl).searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await api.call(
      'GET',
      `/oauth/callback?${new URLSearchParams(api.fake.approve(authorizationUrl))}`,
    );
    expect(callback.status).toBe(200);
    const listed = await api.call('GET', '/v1/connections?ownerId=u9', { key });
    expect(listed.json.data.map((connection: { provider: string }) => connection.provider)).toEqual(['fake']);
  });

  it('a pick of a typed-in provider shows its form, which connects', async () => {
    const { path } = await session({ providers: ['keyed', 'fake'] });
    expect((await pick(path, 'keyed')).status).toBe(303);
    const page = await api.call('GET', path);
    expect(page.text).toContain('<input id="field-apiKey" name="apiKey" type="password"');
    const done = await api.call('POST', path, {
      body: 'apiKey=good-key',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    expect(h1(done)).toBe('Connected');
  });

  it('refuses a second pick and a provider not offered, with the page wording, changing nothing', async () => {
    const { path } = await session({ providers: ['keyed', 'fake'] });
    const outside = await pick(path, 'mounted');
    expect(outside.status).toBe(400);
    expect(h1(outside)).toBe('This service cannot be chosen here');
    expect(h1(await api.call('GET', path))).toBe('Which account should acme use?');
    expect((await pick(path, 'keyed')).status).toBe(303);
    const again = await pick(path, 'fake');
    expect(again.status).toBe(409);
    expect(h1(again)).toBe('A service was already chosen on this link');
    expect(h1(await api.call('GET', path))).toBe('acme wants to use your Keyed account');
  });

  it('refuses a pick posted from another site, a malformed pick, and a pick on an unknown or used link', async () => {
    const { path } = await session({ providers: ['keyed', 'fake'] });
    const crossSite = await pick(path, 'keyed', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(h1(crossSite)).toBe('This form came from another site');
    const empty = await api.call('POST', `${path}/choose`, {
      body: 'other=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    expect(empty.status).toBe(400);
    expect(h1(await api.call('GET', path))).toBe('Which account should acme use?');
    const unknown = await pick('/connect/00000000-0000-7000-8000-000000000000', 'keyed');
    expect(unknown.status).toBe(404);
    expect(h1(unknown)).toBe('This link does not work');

    expect((await pick(path, 'keyed')).status).toBe(303);
    await api.call('POST', path, {
      body: 'apiKey=good-key',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    const used = await pick(path, 'fake');
    expect(used.status).toBe(409);
    expect(h1(used)).toBe('This link was already used');
  });

  it('a form post before any pick is refused without a form to show', async () => {
    const { path } = await session({ providers: ['keyed', 'fake'] });
    const early = await api.call('POST', path, {
      body: 'apiKey=good-key',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    expect(early.status).toBe(400);
    expect(h1(await api.call('GET', path))).toBe('Which account should acme use?');
  });
});

describe('the chooser search (rendered)', () => {
  const provider = (id: string, name: string): ProviderSummary => ({
    id,
    name,
    authType: 'api_key',
    defaultScopes: [],
    scopeDescriptions: {},
    logoUrl: null,
    actions: [],
    apiBaseUrl: null,
    importUnsupported: null,
  });
  const many = ['Asana', 'Box', 'Dropbox', 'GitHub', 'GitLab', 'Jira', 'Notion', 'Slack', 'Zoom'].map((name) =>
    provider(name.toLowerCase(), name),
  );
  const view = (providers: ProviderSummary[]): ConnectSessionView => ({
    id: 's',
    app: { workspaceId: 'w', name: 'Acme', accentColor: null, logoVersion: null },
    provider: null,
    providers,
    scopes: [],
    returnTo: null,
    returnOrigin: null,
    display: 'page',
    locale: null,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    authorizationUrl: null,
    fields: null,
  });
  const targets = { page: 'http://hub/connect/s', choose: 'http://hub/connect/s/choose' };
  const page = { messages: messagesFor('en'), publicUrl: 'http://hub' };
  const shown = (body: string) => [...body.matchAll(/name="provider" value="([^"]+)"/g)].map((match) => match[1]);

  it(`has a GET search form from ${SEARCH_FROM} providers on, which narrows the list by name or id, case-insensitively`, () => {
    expect(chooserPage(view(many.slice(0, SEARCH_FROM - 1)), targets, page, 'git').body).not.toContain('type="search"');
    expect(shown(chooserPage(view(many.slice(0, SEARCH_FROM - 1)), targets, page, 'git').body)).toHaveLength(8);
    const all = chooserPage(view(many), targets, page).body;
    expect(all).toContain('<form class="search" method="get" action="http://hub/connect/s" role="search">');
    expect(shown(all)).toHaveLength(9);
    const narrowed = chooserPage(view(many), targets, page, ' GIT ').body;
    expect(shown(narrowed)).toEqual(['github', 'gitlab']);
    expect(narrowed).toContain('2 of 9 services match “GIT”.');
    expect(narrowed).toContain('value="GIT"');
    const none = chooserPage(view(many), targets, page, '<b>x</b>').body;
    expect(shown(none)).toEqual([]);
    expect(none).toContain('No service matches “&lt;b&gt;x&lt;/b&gt;”.');
    expect(none).not.toContain('<b>x</b>');
  });
});
