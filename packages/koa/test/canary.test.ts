import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe('canary secrets', () => {
  it('never appear in a response body or a log line', async () => {
    const answers: Answer[] = [];
    const call: TestApi['call'] = async (...args) => {
      const answer = await api.call(...args);
      answers.push(answer);
      return answer;
    };
    const { id, key } = await api.workspace();
    const appSecret = `app-secret-canary-${id}`;
    const apiKeyCanary = `good-apikey-canary-${id}`;
    await call('PUT', '/v1/oauth-apps/keyed', { key, body: { clientId: 'c', clientSecret: appSecret } });
    await call('GET', '/v1/oauth-apps/keyed', { key });
    await call('POST', '/v1/connections', {
      key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: apiKeyCanary } },
    });
    const session = await call('POST', '/v1/connect-sessions', {
      key,
      body: { provider: 'fake', returnTo: 'https://app.example.com/done' },
    });
    const approval = api.fake.approve(session.json.authorizationUrl);
    const redirect = await call('GET', `/oauth/callback?${new URLSearchParams(approval)}`);
    expect(redirect.status).toBe(302);
    const connectionId = new URL(redirect.headers.get('location')!).searchParams.get('connection_id');
    await call('GET', `/v1/connections/${connectionId}`, { key });
    await call('GET', '/v1/connections', { key });
    await call('GET', `/oauth/callback?${new URLSearchParams(approval)}`);
    await call('POST', '/v1/connections', { key, body: '{"credentials": {"apiKey": "broken' });
    await call('DELETE', `/v1/connections/${connectionId}`, { key });
    // Keys typed into a connect page's form: one the provider rejects (the form comes back), one it accepts.
    const formSession = await call('POST', '/v1/connect-sessions', { key, body: { provider: 'keyed' } });
    const formPath = new URL(formSession.json.connectUrl).pathname;
    const rejectedCanary = `bad-form-canary-${id}`;
    const formCanary = `good-form-canary-${id}`;
    for (const typed of [rejectedCanary, formCanary]) {
      await call('POST', formPath, {
        body: new URLSearchParams({ apiKey: typed }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      });
    }
    expect(answers.at(-1)!.text).toContain('Your Keyed account is connected to');

    // The provider really received them: the sweep below would pass vacuously otherwise.
    const token = api.fake.requests.find((request) => request.path === '/token')!;
    const basic = Buffer.from(token.headers.authorization!.replace(/^Basic /, ''), 'base64').toString();
    expect(decodeURIComponent(basic)).toBe(`fake-client:${api.fake.canaries.clientSecret}`);
    expect(api.logs.length).toBeGreaterThan(0);
    const canaries = [
      ...Object.values(api.fake.canaries),
      appSecret,
      apiKeyCanary,
      rejectedCanary,
      formCanary,
      key,
      api.adminKey,
      approval.code,
    ];
    const headersOf = (answer: Answer) => {
      const lines: string[] = [];
      answer.headers.forEach((value, name) => {
        lines.push(`${name}: ${value}`);
      });
      return lines.join('\n');
    };
    const everything = [...answers.map((answer) => answer.text + headersOf(answer)), ...api.logs];
    for (const canary of canaries) {
      for (const text of everything) expect(text).not.toContain(canary);
    }
  });
});
