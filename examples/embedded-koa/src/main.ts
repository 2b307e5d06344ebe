import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@plugboard/core';
import { PREFIX, startService } from './server.js';

// The flow end to end: a workspace and its API key from the engine, a connect session over the mounted API, the
// end user's consent at the sandbox, then a call proxied with the new connection's token. Prints what it got.
const dir = mkdtempSync(join(tmpdir(), 'embedded-koa-'));
const service = await startService({ port: Number(process.env.PORT ?? 0), database: join(dir, 'plugboard.db') });
try {
  const api = `${service.origin}${PREFIX}`;
  const workspace = await service.hub.workspaces.create({
    name: 'acme',
    allowedReturnOrigins: ['https://app.example.com'],
  });
  const { key } = await service.hub.apiKeys.create(workspace.id, {
    name: 'backend',
    scopes: ['connections:read', 'connections:write', 'proxy'],
  });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

  const session = await fetch(`${api}/v1/connect-sessions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ provider: 'sandbox', returnTo: 'https://app.example.com/connected' }),
  });
  const { connectUrl } = (await session.json()) as { connectUrl: string };
  const connectionId = await consent(connectUrl, 'Ada Lovelace');

  const connection: Connection = await service.hub.connections.get(workspace.id, connectionId);
  const me = await fetch(`${api}/v1/connections/${connectionId}/proxy/me`, { headers });
  console.log(JSON.stringify({ connection: connection.id, status: connection.status, me: await me.json() }));
} finally {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
}

/** What the end user's browser does: open the connect page, follow it to the sandbox, approve, come back. */
async function consent(connectUrl: string, accountName: string): Promise<string> {
  const page = await (await fetch(connectUrl)).text();
  const consentUrl = expect(/<a class="button" href="([^"]+)">/.exec(page)?.[1], 'a consent link').replaceAll(
    '&amp;',
    '&',
  );
  const form = await (await fetch(consentUrl)).text();
  const transaction = expect(/name="transaction" value="([^"]+)"/.exec(form)?.[1], 'a consent form');
  const approved = await fetch(consentUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ transaction, decision: 'approve', account_name: accountName }),
  });
  const callback = await fetch(expect(approved.headers.get('location'), 'a redirect'), { redirect: 'manual' });
  const returned = new URL(expect(callback.headers.get('location'), 'the return URL'));
  return expect(returned.searchParams.get('connection_id'), 'a connection id');
}

function expect(value: string | null | undefined, what: string): string {
  if (!value) throw new Error(`expected ${what}`);
  return value;
}
