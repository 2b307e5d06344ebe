import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from '../src/index.js';
import { basicHeader, connect, send } from './support/oauth-client.js';

let fake: FakeProvider | undefined;
afterEach(() => fake?.close());
const start = async (options: FakeProviderOptions) => {
  fake = await createFakeProvider(options);
  return fake;
};

describe('fake provider: client authentication', () => {
  it('basic: decodes RFC 6749 form-urlencoded halves, so ids and secrets with ":", "+" and spaces work', async () => {
    const fake = await start({ clientId: 'my client:1', clientSecret: 'p@ss word+%/:' });
    const tokens = await connect(fake);
    expect(fake.isLive(tokens.access_token)).toBe(true);
    const raw = `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`;
    expect(raw).not.toBe(basicHeader(fake.clientId, fake.clientSecret));
    const response = await fetch(fake.url('/oauth/token'), {
      method: 'POST',
      headers: { authorization: raw, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('basic: refuses a wrong secret and a secret also sent in the body', async () => {
    const fake = await start({});
    const wrong = await send(
      fake,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { client: { id: fake.clientId, secret: 'nope' } },
    );
    expect(wrong).toEqual({ status: 401, json: expect.objectContaining({ error: 'invalid_client' }) });
    const twice = await fetch(fake.url('/oauth/token'), {
      method: 'POST',
      headers: {
        authorization: basicHeader(fake.clientId, fake.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_secret: fake.clientSecret }),
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/also by post/),
    });
  });

  it('post: takes client_id and client_secret from the form body and refuses a Basic header', async () => {
    const fake = await start({ clientAuth: 'post' });
    expect(fake.isLive((await connect(fake, { auth: 'post' })).access_token)).toBe(true);
    const basic = await send(fake, { grant_type: 'refresh_token', refresh_token: 'x' }, { auth: 'basic' });
    expect(basic.status).toBe(401);
    expect(fake.requestsTo('/oauth/token')[0]!.form?.get('client_secret')).toBe(fake.clientSecret);
  });

  it('query: takes the client and every grant parameter from the query string, with no body', async () => {
    const fake = await start({ clientAuth: 'query' });
    expect(fake.isLive((await connect(fake, { auth: 'query' })).access_token)).toBe(true);
    const recorded = fake.requestsTo('/oauth/token')[0]!;
    expect(recorded.body).toBe('');
    expect(recorded.query.get('client_secret')).toBe(fake.clientSecret);
    expect((await send(fake, { grant_type: 'refresh_token', refresh_token: 'x' }, { auth: 'post' })).status).toBe(401);
  });

  it('json: takes the client from JSON body fields, and the json format refuses form bodies', async () => {
    const fake = await start({ clientAuth: 'json', tokenRequestFormat: 'json' });
    expect(fake.isLive((await connect(fake, { auth: 'json', format: 'json' })).access_token)).toBe(true);
    expect(fake.requestsTo('/oauth/token')[0]!.json).toMatchObject({
      client_id: fake.clientId,
      grant_type: 'authorization_code',
    });
    const form = await send(
      fake,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { auth: 'post', format: 'form' },
    );
    expect(form).toEqual({
      status: 400,
      json: expect.objectContaining({ error: 'invalid_request', error_description: expect.stringMatching(/JSON/) }),
    });
  });

  it('basic with the json format: Notion-style Basic header over a JSON body', async () => {
    const fake = await start({ tokenRequestFormat: 'json' });
    expect(fake.isLive((await connect(fake, { format: 'json' })).access_token)).toBe(true);
    expect((await send(fake, { grant_type: 'refresh_token', refresh_token: 'x' })).json.error).toBe('invalid_request');
  });

  it('form format refuses a JSON body', async () => {
    const fake = await start({ clientAuth: 'post' });
    const json = await send(
      fake,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { auth: 'post', format: 'json' },
    );
    expect(json.status).toBe(400);
    expect(json.json.error_description).toMatch(/x-www-form-urlencoded/);
  });
});
