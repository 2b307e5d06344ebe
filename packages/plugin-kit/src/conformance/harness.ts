import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createHub, createLogger, type Hub, type Provider } from '@plugboard/core';
import { createApp } from '@plugboard/koa';

/** Where connect sessions return to: an allowed origin of the suite's workspace. */
export const RETURN_TO = 'https://app.example.com/connected';

/** One answer of the API, kept for the canary sweep. */
export interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
  json: any;
  /** Answers of `GET /credentials`, which hand out tokens by design and are left out of the sweep. */
  carriesCredentials: boolean;
}

/**
 * The real engine and HTTP API on loopback: a temp SQLite file, every log line captured, a workspace and a key
 * (connections read/write and credentials:read) made over HTTP with the admin key.
 */
export async function startHarness(build: (publicUrl: string) => Provider<any>) {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-conformance-'));
  const logs: string[] = [];
  const answers: Answer[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  // publicUrl (and so the callback URL) names the port, so the server listens before the hub exists.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminKey = randomBytes(32).toString('base64url');
  const provider = build(publicUrl);
  let hub: Hub | undefined;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    hub = await createHub({
      database: `sqlite:${join(dir, 'conformance.db')}`,
      providers: [provider],
      encryptionKeys: [randomBytes(32).toString('base64')],
      publicUrl,
      adminKey,
      logger,
      providerTimeoutMs: 5_000,
    });
  } catch (error) {
    await close();
    throw error;
  }
  server.on('request', createApp(hub, { logger }).callback());

  /** Calls the API (JSON bodies) as `key`, recording the answer. */
  const call = async (method: string, path: string, init: { key?: string; body?: unknown } = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${publicUrl}${path}`, {
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
    const answer = {
      method,
      path,
      status: response.status,
      headers: response.headers,
      text,
      json,
      carriesCredentials: /^\/v1\/connections\/[^/]+\/credentials$/.test(path),
    };
    answers.push(answer);
    return answer;
  };

  const expectStatus = (answer: Answer, status: number) => {
    if (answer.status !== status) {
      throw new Error(`${answer.method} ${answer.path} answered ${answer.status}, expected ${status}: ${answer.text}`);
    }
    return answer;
  };
  const workspace = expectStatus(
    await call('POST', '/v1/workspaces', {
      key: adminKey,
      body: { name: 'conformance', allowedReturnOrigins: [new URL(RETURN_TO).origin] },
    }),
    201,
  ).json.workspace.id as string;
  const key = expectStatus(
    await call('POST', `/v1/workspaces/${workspace}/api-keys`, {
      key: adminKey,
      body: { scopes: ['connections:read', 'connections:write', 'credentials:read'] },
    }),
    201,
  ).json.key as string;

  return {
    publicUrl,
    provider,
    adminKey,
    key,
    logs,
    answers,
    /** Calls the API with the workspace's key. */
    api: (method: string, path: string, body?: unknown) => call(method, path, { key, body }),
    /** Calls the API without a key (the public callback). */
    call,
    expectStatus,
    close,
  };
}

/** The running engine and API of a conformance suite. */
export type Harness = Awaited<ReturnType<typeof startHarness>>;
