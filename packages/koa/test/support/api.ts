import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  type ApiKeyScope,
  createHub,
  createLogger,
  defineAction,
  defineProvider,
  type Hub,
  type Provider,
} from '@plugboard/core';
import { z } from 'zod';
import { type ApiOptions, createApiServer, createApp, createRequestHandler } from '../../src/index.js';
import { startFakeAuthorizationServer } from './fake-authorization-server.js';

const noOptions = z.object({});

/** The fake provider's logo as its plugin ships it: a script and an outside image the hub must drop. */
export const FAKE_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><script>alert(1)</script><image href="https://evil.example/x.png"/><rect width="48" height="48" fill="#123456"/></svg>';

/** An OAuth2 provider whose endpoints are the fake authorization server. */
function oauthProvider(origin: string, clientSecret: string): Provider<any> {
  return defineProvider({
    id: 'fake',
    optionsSchema: noOptions,
    setup: () => ({
      name: 'Fake',
      logo: FAKE_LOGO,
      auth: {
        type: 'oauth2',
        authorizationUrl: `${origin}/authorize`,
        tokenUrl: `${origin}/token`,
        revocationUrl: `${origin}/revoke`,
        scopes: {
          default: ['read', 'write'],
          descriptions: { read: { text: 'Read your things' }, write: { text: 'Change your things', sensitive: true } },
        },
        client: { clientId: 'fake-client', clientSecret },
      },
      api: { baseUrl: `${origin}/api` },
      async account({ fetch }) {
        const me = (await (await fetch('/me')).json()) as { id: string; name: string };
        return { id: me.id, name: me.name, metadata: { plan: 'free' } };
      },
      actions: {
        whoami: {
          description: 'Who the connected account is, asked of the provider.',
          annotations: { title: 'Who am I', readOnly: true, idempotent: true },
          input: z.object({}),
          output: z.object({ id: z.string(), name: z.string() }),
          async run({ fetch }) {
            return (await (await fetch('/me')).json()) as { id: string; name: string };
          },
        },
      },
    }),
  })({});
}

/** An API-key provider that accepts keys starting with `good`. */
const keyProvider = defineProvider({
  id: 'keyed',
  optionsSchema: noOptions,
  setup: () => ({
    name: 'Keyed',
    auth: {
      type: 'api_key',
      async verify({ credentials }) {
        if (credentials.type !== 'api_key' || !credentials.apiKey.startsWith('good')) throw new Error('bad key');
      },
    },
    actions: {
      // Returns the key along with the answer: the output schema must keep it from leaving the server.
      'key-length': defineAction({
        input: z.object({ times: z.number().int().min(1).max(10) }),
        output: z.object({ length: z.number() }),
        async run({ input, credentials }) {
          const key = credentials.type === 'api_key' ? credentials.apiKey : '';
          return { length: key.length * input.times, key };
        },
      }),
    },
  }),
})({});

/** A provider serving its own HTTP routes: it echoes what it received. */
const mountedProvider = defineProvider({
  id: 'mounted',
  optionsSchema: noOptions,
  setup: () => ({
    name: 'Mounted',
    auth: { type: 'raw' },
    http: {
      async fetch(request: Request) {
        return Response.json(
          {
            method: request.method,
            url: request.url,
            host: request.headers.get('host'),
            forwardedHost: request.headers.get('x-forwarded-host'),
            custom: request.headers.get('x-custom'),
            body: await request.text(),
          },
          { status: 207, headers: { 'x-provider': 'yes', 'set-cookie': 'sandbox=1; Path=/providers/mounted' } },
        );
      },
    },
  }),
});

/** An answer, with its body parsed as JSON when it is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/**
 * The API on loopback over the real engine: a temp SQLite file, the fake authorization server as the
 * provider, every log line captured.
 */
export async function startApi({
  listener: served = 'koa',
  ...options
}: Pick<ApiOptions, 'mcp'> & {
  /** `hub`: the hub's own listener, which takes proxied calls the direct way; `koa`: the app a host mounts. */
  listener?: 'hub' | 'koa';
} = {}) {
  const fake = await startFakeAuthorizationServer();
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-koa-'));
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  // The port is needed before the hub exists: publicUrl (and so the callback URL) names it.
  let listener: RequestListener | undefined;
  const server = createApiServer((req, res) => listener?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminKey = randomBytes(32).toString('base64url');
  const hub: Hub = await createHub({
    database: `sqlite:${join(dir, 'x.db')}`,
    providers: [
      oauthProvider(fake.origin, fake.canaries.clientSecret),
      keyProvider,
      mountedProvider({}, { publicUrl: baseUrl }),
    ],
    encryptionKeys: [randomBytes(32).toString('base64')],
    publicUrl: baseUrl,
    adminKey,
    logger,
    background: false,
    // The fake provider listens on loopback, which the egress policy refuses by default.
    egress: { allow: ['127.0.0.0/8'] },
  });
  listener =
    served === 'hub'
      ? createRequestHandler(hub, { logger, ...options })
      : createApp(hub, { logger, ...options }).callback();

  /** Calls the API; `body` objects are sent as JSON, strings as they are. */
  const call = async (
    method: string,
    path: string,
    init: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  /** A new workspace and a key of it holding `scopes`. */
  const workspace = async (scopes: ApiKeyScope[] = ['connections:read', 'connections:write']) => {
    const created = await call('POST', '/v1/workspaces', {
      key: adminKey,
      body: { name: 'acme', allowedReturnOrigins: ['https://app.example.com'] },
    });
    const id = created.json.workspace.id as string;
    const keyAnswer = await call('POST', `/v1/workspaces/${id}/api-keys`, { key: adminKey, body: { scopes } });
    return { id, key: keyAnswer.json.key as string };
  };

  return {
    baseUrl,
    hub,
    adminKey,
    logs,
    fake,
    call,
    workspace,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The running API of a test file. */
export type TestApi = Awaited<ReturnType<typeof startApi>>;
