import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { bodyParser } from '@koa/bodyparser';
import { createHub, createLogger, type Hub } from '@plugboard/core';
import sandbox from '@plugboard/provider-sandbox';
import express from 'express';
import Koa from 'koa';
import mount from 'koa-mount';
import { describe, expect, it } from 'vitest';
import { createApp, createRequestHandler, createRouter } from '../src/index.js';

const PREFIX = '/integrations';

/** The ways a host puts the API under `/integrations`, each as the request listener of its server. */
const MOUNTS: Record<string, (hub: Hub) => RequestListener> = {
  'a Koa router with .prefix()': (hub) => {
    const app = new Koa();
    app.use(createRouter(hub).prefix(PREFIX).routes());
    return app.callback();
  },
  'a Koa router with .prefix() behind a global @koa/bodyparser': (hub) => {
    const app = new Koa();
    app.use(bodyParser({ enableTypes: ['json', 'form', 'text'] }));
    app.use(createRouter(hub).prefix(PREFIX).routes());
    return app.callback();
  },
  'koa-mount of the Koa app': (hub) => {
    const app = new Koa();
    app.use(mount(PREFIX, createApp(hub)));
    return app.callback();
  },
  'Express (prefix stripped) behind express.json() and express.urlencoded()': (hub) => {
    const app = express();
    app.use(express.json(), express.urlencoded({ extended: false }));
    app.use(PREFIX, createRequestHandler(hub));
    return app;
  },
  'node:http with the prefix stripped, through the request handler': (hub) => {
    const handler = createRequestHandler(hub);
    return (req, res) => {
      const url = req.url ?? '/';
      if (url !== PREFIX && !url.startsWith(`${PREFIX}/`) && !url.startsWith(`${PREFIX}?`)) {
        res.writeHead(404).end('not ours');
        return;
      }
      req.url = url.slice(PREFIX.length) || '/';
      handler(req, res);
    };
  },
};

/** A host server with the API mounted one way, over a fresh SQLite hub whose publicUrl names the prefix. */
async function startHost(mountApi: (hub: Hub) => RequestListener) {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-mount-'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicUrl = `${origin}${PREFIX}`;
  const logs: string[] = [];
  const logger = createLogger({
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  let hub: Hub | undefined;
  try {
    const adminKey = randomBytes(32).toString('base64url');
    hub = await createHub({
      database: `sqlite:${join(dir, 'hub.db')}`,
      providers: [sandbox({}, { publicUrl })],
      encryptionKeys: [randomBytes(32).toString('base64')],
      publicUrl,
      adminKey,
      logger,
      background: false,
      // The sandbox is served by this very host on loopback, which the egress policy refuses by default.
      egress: { allow: ['127.0.0.0/8'] },
    });
    server.on('request', mountApi(hub));
    return { origin, publicUrl, adminKey, logs, close: () => stop(hub) };
  } catch (error) {
    await stop(hub);
    throw error;
  }

  async function stop(created: Hub | undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await created?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function call(url: string, key: string, method = 'GET', body?: unknown) {
  const response = await fetch(url, {
    method,
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

/** A GET with the path sent byte for byte (fetch would resolve `%2e%2e` segments before sending). */
function rawGet(origin: string, path: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}/`, { path, headers: { authorization: `Bearer ${key}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The end user's side of the sandbox flow: connect page, consent page, approve, and back through the callback. */
async function approve(connectUrl: string): Promise<Response> {
  const connectPage = await fetch(connectUrl);
  expect(connectPage.status).toBe(200);
  const href = /<a class="button" href="([^"]+)">/.exec(await connectPage.text())?.[1];
  expect(href).toBeDefined();
  const consentUrl = href!.replaceAll('&amp;', '&');
  const page = await fetch(consentUrl);
  expect(page.status).toBe(200);
  const transaction = /name="transaction" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(transaction).toBeDefined();
  const approved = await fetch(consentUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ transaction: transaction!, decision: 'approve', account_name: 'Ada Lovelace' }),
  });
  expect(approved.status).toBe(302);
  return fetch(approved.headers.get('location')!, { redirect: 'manual' });
}

describe.each(Object.entries(MOUNTS))('the API under /integrations: %s', (_name, mountApi) => {
  it('runs the sandbox connect flow and multi-segment proxied calls, and answers unknown paths with the error body', async () => {
    const host = await startHost(mountApi);
    try {
      const api = host.publicUrl;
      const workspace = await call(`${api}/v1/workspaces`, host.adminKey, 'POST', {
        name: 'acme',
        allowedReturnOrigins: ['https://app.example.com'],
      });
      expect(workspace.status).toBe(201);
      const keyAnswer = await call(
        `${api}/v1/workspaces/${workspace.json.workspace.id}/api-keys`,
        host.adminKey,
        'POST',
        { scopes: ['connections:read', 'connections:write', 'proxy'] },
      );
      expect(keyAnswer.status).toBe(201);
      const key = keyAnswer.json.key as string;

      const session = await call(`${api}/v1/connect-sessions`, key, 'POST', {
        provider: 'sandbox',
        returnTo: 'https://app.example.com/done',
      });
      expect(session.status).toBe(201);
      expect(session.json.connectUrl).toMatch(new RegExp(`^${api}/connect/`));
      expect(session.json.authorizationUrl).toMatch(new RegExp(`^${api}/providers/sandbox/authorize\\?`));
      expect(new URL(session.json.authorizationUrl).searchParams.get('redirect_uri')).toBe(`${api}/oauth/callback`);

      const callback = await approve(session.json.connectUrl);
      expect(callback.status).toBe(302);
      const back = new URL(callback.headers.get('location')!);
      expect(`${back.origin}${back.pathname}`).toBe('https://app.example.com/done');
      const connectionId = back.searchParams.get('connection_id');
      expect(connectionId).toBeTruthy();

      const connection = await call(`${api}/v1/connections/${connectionId}`, key);
      expect(connection.json.connection).toMatchObject({ provider: 'sandbox', accountName: 'Ada Lovelace' });

      // The path after /proxy reaches the provider whole, whatever the mount.
      const proxied = await call(`${api}/v1/connections/${connectionId}/proxy/items/item-2?x=1`, key);
      expect(proxied.status).toBe(200);
      expect(proxied.json).toEqual({ item: { id: 'item-2', title: 'Call the API through the hub', done: false } });
      const unknownItem = await call(`${api}/v1/connections/${connectionId}/proxy/items/item-9`, key);
      expect(unknownItem.status).toBe(404);
      // Encoded dot segments stay encoded on the way to the engine's checks, which refuse them.
      expect(await rawGet(host.origin, `${PREFIX}/v1/connections/${connectionId}/proxy/items/%2e%2e/me`, key)).toBe(
        400,
      );

      // A JSON body the host may already have parsed reaches the route intact.
      const described = await call(`${api}/v1/connections/${connectionId}/request`, key, 'POST', {
        url: '/items/item-3',
      });
      expect(described.status).toBe(200);
      expect(described.json.item.id).toBe('item-3');

      for (const path of ['/v1/nope', '/nope', '/v1/connections/x/proxy-not']) {
        const unknown = await call(`${api}${path}`, key);
        expect(unknown.status).toBe(404);
        expect(unknown.json).toMatchObject({ error: 'not_found' });
      }
      expect(host.logs.join('')).not.toContain('"level":50');
    } finally {
      await host.close();
    }
  });
});

describe('a host middleware that reads the body and keeps nothing', () => {
  it('answers 500 at once and logs the conflict by name, instead of waiting on a spent stream', async () => {
    const host = await startHost((hub) => {
      const app = new Koa();
      app.use(async (ctx, next) => {
        if (ctx.method === 'POST') await new Promise((resolve) => ctx.req.resume().on('end', resolve));
        await next();
      });
      app.use(createRouter(hub).prefix(PREFIX).routes());
      return app.callback();
    });
    try {
      const answer = await call(`${host.publicUrl}/v1/workspaces`, host.adminKey, 'POST', { name: 'acme' });
      expect(answer.status).toBe(500);
      expect(answer.json).toEqual({ error: 'internal_error', message: expect.any(String) });
      expect(host.logs.join('')).toContain('already read by a middleware in front of the Plugboard API');
    } finally {
      await host.close();
    }
  });
});
