import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createHub, createLogger, type Hub, type Provider } from '@plugboard/core';
import { createApp } from '@plugboard/koa';

/** An HTTP answer, its body parsed when it is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** One request the hub sent to a provider (recorded at the hub's outbound fetch, whatever the host). */
export interface Outbound {
  url: URL;
  headers: Headers;
  body: string;
}

/**
 * The hub's HTTP API on loopback (real engine, temp SQLite file) with the given providers; every log line,
 * answer and outbound request kept.
 */
export async function startHubApi(providers: (publicUrl: string) => Provider<any>[]) {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-meta-'));
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
  // publicUrl (and so the redirect URI) names the port: listen first.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminKey = randomBytes(32).toString('base64url');
  const outbound: Outbound[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = init?.body === undefined || init.body === null ? '' : await request.clone().text();
    outbound.push({ url: new URL(request.url), headers: request.headers, body });
    return fetch(input, init);
  };
  const hub: Hub = await createHub({
    database: `sqlite:${join(dir, 'hub.db')}`,
    providers: providers(baseUrl),
    encryptionKeys: [randomBytes(32).toString('base64')],
    publicUrl: baseUrl,
    adminKey,
    logger,
    fetch: recordingFetch,
  });
  server.on('request', createApp(hub, { logger }).callback());
  const answers: Answer[] = [];

  /** Calls the API as `key`; every answer is kept for the canary sweep. */
  const call = async (method: string, path: string, init: { key?: string; body?: unknown } = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: 'manual',
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const answer = { status: response.status, headers: response.headers, text, json };
    answers.push(answer);
    return answer;
  };

  /** A workspace and a key of it that may manage connections and use the proxy (not read raw credentials). */
  const workspace = async () => {
    const created = await call('POST', '/v1/workspaces', {
      key: adminKey,
      body: { name: 'provider tests', allowedReturnOrigins: ['https://app.example.com'] },
    });
    const id = created.json.workspace.id as string;
    const scopes = ['connections:read', 'connections:write', 'proxy'];
    const key = (await call('POST', `/v1/workspaces/${id}/api-keys`, { key: adminKey, body: { scopes } })).json
      .key as string;
    return { id, key };
  };

  return {
    baseUrl,
    hub,
    logs,
    answers,
    outbound,
    call,
    workspace,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The running API of a test file. */
export type HubApi = Awaited<ReturnType<typeof startHubApi>>;
