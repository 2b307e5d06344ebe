import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiKeyScope, CallbackResult, Connection, Hub, Provider } from '@plugboard/core';
import { createHub } from '@plugboard/core';
import { createApp } from '@plugboard/koa';
import { type Approver, engineConnect, type SessionOptions } from './engine-connect.js';
import { type Answer, type CallInit, createCaller, expectStatus } from './http-client.js';
import { capturingLogger, type Outbound, recordingFetch } from './recorders.js';

/** The origin the test workspace accepts as a connect session's `returnTo`. */
export const TEST_RETURN_ORIGIN = 'https://app.example.com';

/** The providers of a test hub, or a builder of them given the hub's `publicUrl` (their redirect URI's base). */
export type TestProviders = Provider<any> | Provider<any>[] | ((publicUrl: string) => Provider<any> | Provider<any>[]);

/** How `startTestHub` sets the hub up. */
export interface TestHubOptions {
  /** Scopes of the workspace key `key`; default connections read/write and proxy (no raw credentials). */
  scopes?: ApiKeyScope[];
}

/** A running test hub: the engine, its HTTP API, what they recorded, and helpers to drive them. */
export interface TestHub {
  /** The API's base URL on loopback; the OAuth callback is `${publicUrl}/oauth/callback`. */
  publicUrl: string;
  /** The engine, for tests that skip HTTP. */
  hub: Hub;
  /** The providers the hub loaded, as built. */
  providers: Provider<any>[];
  adminKey: string;
  /** The test workspace, which accepts `returnTo` on `TEST_RETURN_ORIGIN`. */
  workspaceId: string;
  /** The workspace's API key, with `options.scopes`. */
  key: string;
  /** Every log line of the hub and the API (debug level). */
  logs: string[];
  /** Every answer of `call` and `api`, in order. */
  answers: Answer[];
  /** Every request the hub sent to a provider (token, account, revoke, ...), in order. */
  outbound: Outbound[];
  /** Calls the API as the workspace's key, with a JSON body. */
  api(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Calls the API as `init.key`, or without a key (the public callback, a connect page's `form`). */
  call(method: string, path: string, init?: CallInit): Promise<Answer>;
  /** Answers `answer` when its status is `status`, and throws with the method, path and body otherwise. */
  expectStatus(answer: Answer, status: number): Answer;
  /** The authorization URL of a new connect session (through the engine). */
  authorize(provider: string, session?: SessionOptions): Promise<string>;
  /** A session, the user approving it, and the callback completed: the URL and the outcome, good or bad. */
  connect(
    provider: string,
    approver: Approver,
    session?: SessionOptions,
  ): Promise<{ authorizationUrl: string; result: CallbackResult }>;
  /** Like `connect`, for tests that need the connection: a failed callback throws with its code and message. */
  connected(provider: string, approver: Approver, session?: SessionOptions): Promise<Connection>;
  /** Stops the server and the engine, and deletes the database. */
  close(): Promise<void>;
}

/**
 * The real engine (`createHub` on a temp SQLite file) and HTTP API (`createApp` from @plugboard/koa) on loopback,
 * with every log line, API answer and outbound provider request kept, and a workspace and a key made over HTTP
 * with the admin key.
 */
export async function startTestHub(providers: TestProviders, options: TestHubOptions = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-test-hub-'));
  const { logger, lines: logs } = capturingLogger();
  const { fetch: outboundFetch, requests: outbound } = recordingFetch();
  // publicUrl (and so the callback URL) names the port, so the server listens before the hub exists.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminKey = randomBytes(32).toString('base64url');
  let hub: Hub | undefined;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const answers: Answer[] = [];
  const call = createCaller(publicUrl, answers);
  let built: Provider<any>[];
  let workspaceId: string;
  let key: string;
  try {
    const chosen = typeof providers === 'function' ? providers(publicUrl) : providers;
    built = Array.isArray(chosen) ? chosen : [chosen];
    hub = await createHub({
      database: `sqlite:${join(dir, 'hub.db')}`,
      providers: built,
      encryptionKeys: [randomBytes(32).toString('base64')],
      publicUrl,
      adminKey,
      logger,
      fetch: outboundFetch,
      providerTimeoutMs: 5_000,
      // Conformance tests run refresh and delivery passes themselves, so nothing races them.
      background: false,
      // Fakes listen on loopback, which the egress policy refuses by default.
      egress: { allow: ['127.0.0.0/8', '::1'] },
    });
    server.on('request', createApp(hub, { logger }).callback());
    const workspace = await call('POST', '/v1/workspaces', {
      key: adminKey,
      body: { name: 'plugin tests', allowedReturnOrigins: [TEST_RETURN_ORIGIN] },
    });
    workspaceId = expectStatus(workspace, 201).json.workspace.id as string;
    const scopes = options.scopes ?? ['connections:read', 'connections:write', 'proxy'];
    const created = await call('POST', `/v1/workspaces/${workspaceId}/api-keys`, { key: adminKey, body: { scopes } });
    key = expectStatus(created, 201).json.key as string;
  } catch (error) {
    await close();
    throw error;
  }

  return {
    publicUrl,
    hub,
    providers: built,
    adminKey,
    workspaceId,
    key,
    logs,
    answers,
    outbound,
    api: (method, path, body) => call(method, path, { key, body }),
    call,
    expectStatus,
    ...engineConnect(hub, workspaceId),
    close,
  };
}
