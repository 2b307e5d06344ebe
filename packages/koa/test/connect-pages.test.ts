import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const APP = 'https://app.example.com';

/** A connect session over the API; its connect link's path. */
async function session(body: Record<string, unknown>) {
  const ws = await api.workspace();
  const created = await api.call('POST', '/v1/connect-sessions', { key: ws.key, body });
  expect(created.status).toBe(201);
  const path = new URL(created.json.connectUrl).pathname;
  return { key: ws.key, path, authorizationUrl: created.json.authorizationUrl as string | null };
}

/** Posts a connect page's form as the browser does from the page itself. */
const submit = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  api.call('POST', path, {
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
  });

function expectPageHeaders(answer: Answer) {
  expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  const csp = answer.headers.get('content-security-policy')!;
  expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[\w+/=]+';/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'none'");
  // Whatever the page carries inline runs under this response's nonce only.
  const nonce = /'nonce-([\w+/=]+)'/.exec(csp)![1];
  for (const tag of answer.text.match(/<(?:style|script)\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  return csp;
}

/** The popup page's call to its opener: `[message, targetOrigin]`, or undefined when it posts nothing. */
function postedMessage(answer: Answer): [unknown, unknown] | undefined {
  const call = /window\.opener\.postMessage\((.*), (".*?")\);/.exec(answer.text);
  return call ? [JSON.parse(call[1]!), JSON.parse(call[2]!)] : undefined;
}

describe('GET /connect/:id (oauth2)', () => {
  it("shows the provider, the access asked for, and a link on to the provider's consent page", async () => {
    const { path, authorizationUrl } = await session({
      provider: 'fake',
      scopes: ['read', '<b>all</b>'],
      returnTo: `${APP}/done`,
    });
    const page = await api.call('GET', path);
    expect(page.status).toBe(200);
    const csp = expectPageHeaders(page);
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("form-action 'none'");
    // The provider's logo, from the hub's own origin: the only images the page may load.
    expect(csp).toContain("img-src 'self'");
    expect(page.text).toMatch(
      /<img class="logo provider-logo" src="http:\/\/[^"]+\/provider-logos\/fake\?v=[0-9a-f]{64}" alt=""/,
    );
    expect(page.text).toContain('<html lang="en" dir="ltr">');
    // The workspace's name stands for the app until it sets a display name.
    expect(page.text).toContain('<h1>acme wants to use your Fake account</h1>');
    expect(page.text).toContain(`Afterwards you go back to ${APP}.`);
    expect(page.text).toContain(`href="${authorizationUrl!.replaceAll('&', '&amp;')}"`);
    expect(page.text).not.toContain('<script');
  });

  it("shows scopes in the provider's words, marks sensitive ones, and keeps the raw names behind a disclosure", async () => {
    const { path } = await session({ provider: 'fake', scopes: ['read', 'write', '<b>all</b>'] });
    const page = await api.call('GET', path);
    const [shown, raw] = page.text.split('<details>');
    expect(shown).toContain('<li>Read your things</li>');
    expect(shown).toContain('<li>Change your things<span class="sensitive">sensitive</span></li>');
    // A scope the provider does not describe is shown by its (escaped) name rather than hidden.
    expect(shown).toContain('<li><code>&lt;b&gt;all&lt;/b&gt;</code></li>');
    expect(shown).not.toContain('<code>read</code>');
    expect(raw).toContain('<summary>Technical names of this access</summary>');
    for (const name of ['read', 'write', '&lt;b&gt;all&lt;/b&gt;'])
      expect(raw).toContain(`<li><code>${name}</code></li>`);
  });

  it("serves a provider's sanitised logo from the hub's origin, cached by its version; none for a provider without", async () => {
    const summary = (await api.call('GET', '/v1/providers/fake', { key: api.adminKey })).json.provider;
    const logo = await fetch(summary.logoUrl);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(logo.headers.get('content-security-policy')).toContain('sandbox');
    expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
    const svg = await logo.text();
    expect(svg).toContain('<rect width="48" height="48" fill="#123456"></rect>');
    expect(svg).not.toMatch(/script|evil\.example|<image/);
    expect((await api.call('GET', '/provider-logos/keyed')).status).toBe(404);
    expect((await api.call('GET', '/provider-logos/nope')).status).toBe(404);
  });

  it('answers an error page, never a redirect, for an unknown or used session, saying which', async () => {
    const unknown = await api.call('GET', '/connect/00000000-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('location')).toBeNull();
    expectPageHeaders(unknown);
    expect(unknown.text).toContain('<h1>This link does not work</h1>');
    const { path, authorizationUrl } = await session({ provider: 'fake' });
    await api.call('GET', `/oauth/callback?${new URLSearchParams(api.fake.approve(authorizationUrl!))}`);
    const used = await api.call('GET', path);
    expect(used.status).toBe(409);
    expect(used.text).toContain('<h1>This link was already used</h1>');
    expect(used.text).toContain('ask the app for a new one');
  });
});

describe('GET and POST /connect/:id (typed-in credentials)', () => {
  it('shows a labelled form whose secret field is masked, allowed to post to itself and to returnTo', async () => {
    const { path } = await session({ provider: 'keyed', returnTo: `${APP}/done` });
    const page = await api.call('GET', path);
    expect(page.status).toBe(200);
    expect(expectPageHeaders(page)).toContain(`form-action 'self' ${APP};`);
    expect(page.text).toContain(`<form method="post" action="${api.baseUrl}${path}">`);
    expect(page.text).toContain('<label for="field-apiKey">API key</label>');
    expect(page.text).toMatch(/<input id="field-apiKey" name="apiKey" type="password"[^>]* required maxlength="4000">/);
  });

  it('shows a rejected key next to the form without echoing it, then accepts a good key and returns', async () => {
    const { key, path } = await session({ provider: 'keyed', ownerId: 'u1', returnTo: `${APP}/done?tab=2` });
    const rejected = await submit(path, { apiKey: 'bad-secret-value' });
    expect(rejected.status).toBe(400);
    expectPageHeaders(rejected);
    expect(rejected.text).toContain('role="alert"');
    expect(rejected.text).toContain('The provider refused these credentials: bad key');
    expect(rejected.text).not.toContain('bad-secret-value');
    expect((await api.call('GET', '/v1/connections', { key })).json.data).toEqual([]);

    const accepted = await submit(path, { apiKey: 'good-key' });
    expect(accepted.status).toBe(302);
    const back = new URL(accepted.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`${APP}/done`);
    expect(back.searchParams.get('tab')).toBe('2');
    const connection = await api.call('GET', `/v1/connections/${back.searchParams.get('connection_id')}`, { key });
    expect(connection.json.connection).toMatchObject({ provider: 'keyed', ownerId: 'u1', credentialType: 'api_key' });
    // The session is spent: neither its page nor its form works again.
    expect((await api.call('GET', path)).status).toBe(409);
    expect((await submit(path, { apiKey: 'good-key' })).status).toBe(409);
  });

  it("A form field __proto__ replaces the parsed form's prototype: it is a field like any other", async () => {
    const { key, path } = await session({ provider: 'keyed', returnTo: `${APP}/done` });
    // Built by hand: an object literal's `__proto__` would set the prototype of the test's own object.
    const answer = await api.call('POST', path, {
      body: 'apiKey=good-key&__proto__=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    // An unknown field, ignored as any other: the key in the form connects.
    expect(answer.status).toBe(302);
    const id = new URL(answer.headers.get('location')!).searchParams.get('connection_id');
    expect((await api.call('GET', `/v1/connections/${id}`, { key })).json.connection.credentialType).toBe('api_key');
  });

  it("The connect-session id (the connect link's only capability) is written to the access log: the route template is", async () => {
    const before = api.logs.length;
    const { path } = await session({ provider: 'keyed' });
    const id = path.split('/').pop()!;
    expect((await api.call('GET', path)).status).toBe(200);
    expect((await submit(path, { apiKey: 'bad-key' })).status).toBe(400);
    expect((await submit(path, { apiKey: 'good-key' })).status).toBe(200);
    expect((await api.call('GET', path)).status).toBe(409);
    const lines = api.logs.slice(before);
    expect(lines.join('')).not.toContain(id);
    const paths = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
    expect(paths.map((line) => line.path)).toContain('/connect/:id');
  });

  it('puts a field error next to its field, bound to it for assistive technology', async () => {
    const { path } = await session({ provider: 'keyed' });
    const answer = await submit(path, { apiKey: '' });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(
      /<input id="field-apiKey"[^>]* aria-invalid="true" aria-describedby="field-apiKey-error">\n<p class="field-error" id="field-apiKey-error">/,
    );
    expect(answer.text).toContain('<p class="field-error" id="field-apiKey-error">API key is required.</p>');
    expect(answer.text).toContain('<a href="#field-apiKey">API key: API key is required.</a>');
  });

  it('refuses a form posted from another site, and leaves the session usable', async () => {
    const { key, path } = await session({ provider: 'keyed', returnTo: `${APP}/done` });
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': '', origin: 'https://evil.example' },
      { 'sec-fetch-site': '', origin: 'null' },
    ];
    for (const headers of crossSite) {
      const refused = await submit(path, { apiKey: 'good-key' }, headers);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('location')).toBeNull();
      expectPageHeaders(refused);
    }
    expect((await api.call('GET', '/v1/connections', { key })).json.data).toEqual([]);
    const sameOrigin = await submit(path, { apiKey: 'good-key' }, { 'sec-fetch-site': '', origin: api.baseUrl });
    expect(sameOrigin.status).toBe(302);
  });

  it('refuses a body that is not a form, or repeats a field, with an error page', async () => {
    const { path } = await session({ provider: 'keyed' });
    const json = await api.call('POST', path, {
      body: { apiKey: 'good-key' },
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(json.status).toBe(400);
    expectPageHeaders(json);
    const repeated = await api.call('POST', path, {
      body: 'apiKey=good-1&apiKey=good-2',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    expect(repeated.status).toBe(400);
  });
});

describe('popup display', () => {
  it("posts the new connection to the opener at returnTo's origin only, then closes", async () => {
    const { path } = await session({ provider: 'keyed', returnTo: `${APP}/done` });
    const page = await api.call('GET', `${path}?display=popup`);
    expect(page.text).toContain('This window closes by itself');
    // No redirect follows a popup's post: the form may only post to the hub.
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self';");
    const done = await submit(path, { apiKey: 'good-key' });
    expect(done.status).toBe(200);
    expect(expectPageHeaders(done)).toMatch(/script-src 'nonce-/);
    const [message, target] = postedMessage(done)!;
    expect(target).toBe(APP);
    expect(message).toEqual({ type: 'plugboard:connect', connectionId: expect.any(String) });
    expect(done.text).not.toContain("'*'");
  });

  it("posts the provider's error from the OAuth callback, escaped for the script", async () => {
    const { path, authorizationUrl } = await session({ provider: 'fake', returnTo: `${APP}/done` });
    await api.call('GET', `${path}?display=popup`);
    const { state } = api.fake.approve(authorizationUrl!);
    const description = '</script><script>alert(1)</script>';
    const answer = await api.call(
      'GET',
      `/oauth/callback?${new URLSearchParams({ state, error: 'access_denied', error_description: description })}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.text.match(/<\/script>/g)).toHaveLength(1);
    expect(postedMessage(answer)).toEqual([
      { type: 'plugboard:connect', error: { code: 'access_denied', message: description } },
      APP,
    ]);
  });

  it('posts the connection from the OAuth callback', async () => {
    const { key, path, authorizationUrl } = await session({ provider: 'fake', returnTo: `${APP}/done` });
    await api.call('GET', `${path}?display=popup`);
    const answer = await api.call('GET', `/oauth/callback?${new URLSearchParams(api.fake.approve(authorizationUrl!))}`);
    expect(answer.status).toBe(200);
    const [message] = postedMessage(answer)!;
    const { connectionId } = message as { connectionId: string };
    expect((await api.call('GET', `/v1/connections/${connectionId}`, { key })).status).toBe(200);
  });

  it('posts nothing when the session has no returnTo: no origin may receive it', async () => {
    const { path } = await session({ provider: 'keyed' });
    await api.call('GET', `${path}?display=popup`);
    const done = await submit(path, { apiKey: 'good-key' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Your Keyed account is connected to <strong>acme</strong>.');
    expect(done.text).not.toContain('<script');
    expect(done.headers.get('content-security-policy')).not.toContain('script-src');
  });
});

describe('languages', () => {
  const german = { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' };

  it("speaks the browser's language from Accept-Language, with lang and dir on the page", async () => {
    const { path } = await session({ provider: 'fake' });
    const page = await api.call('GET', path, { headers: german });
    expect(page.text).toContain('<html lang="de" dir="ltr">');
    expect(page.text).toContain('<h1>acme möchte Ihr Fake-Konto verwenden</h1>');
    expect(page.text).toContain('<summary>Technische Namen dieses Zugriffs</summary>');
    const english = await api.call('GET', path, { headers: { 'accept-language': 'ko' } });
    expect(english.text).toContain('<html lang="en" dir="ltr">');
  });

  it("a session's locale wins over Accept-Language, by its primary language; one the pages lack falls back", async () => {
    const { path } = await session({ provider: 'keyed', locale: 'ja-JP' });
    const page = await api.call('GET', path, { headers: german });
    expect(page.text).toContain('<html lang="ja" dir="ltr">');
    expect(page.text).toContain('<button class="button" type="submit">接続</button>');
    // The form shown again after a refusal keeps the session's language.
    const rejected = await submit(path, { apiKey: 'bad-key' }, german);
    expect(rejected.text).toContain('<html lang="ja" dir="ltr">');
    const unspoken = await session({ provider: 'fake', locale: 'sw' });
    expect((await api.call('GET', unspoken.path, { headers: german })).text).toContain('<html lang="de"');
  });

  it("the result page after the flow speaks the session's language", async () => {
    const { path } = await session({ provider: 'keyed', locale: 'fr' });
    const done = await submit(path, { apiKey: 'good-key' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('<html lang="fr" dir="ltr">');
    expect(done.text).toContain('<h1>Connecté</h1>');
  });

  it('speaks Arabic right to left: dir="rtl" on the page, from the browser or the session', async () => {
    const { path } = await session({ provider: 'keyed' });
    const page = await api.call('GET', path, { headers: { 'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5' } });
    expect(page.text).toContain('<html lang="ar" dir="rtl">');
    expect(page.text).toContain('<button class="button" type="submit">ربط</button>');
    const chosen = await session({ provider: 'keyed', locale: 'ar' });
    const done = await submit(chosen.path, { apiKey: 'good-key' });
    expect(done.text).toContain('<html lang="ar" dir="rtl">');
    expect(done.text).toContain('<h1>تم الربط</h1>');
  });

  it('refuses a locale that is not a language tag', async () => {
    const ws = await api.workspace();
    const bad = await api.call('POST', '/v1/connect-sessions', {
      key: ws.key,
      body: { provider: 'fake', locale: 'de"><script>' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.details).toEqual([expect.objectContaining({ path: 'body.locale' })]);
  });
});
