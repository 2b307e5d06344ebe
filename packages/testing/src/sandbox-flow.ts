import { expect } from 'vitest';
import { api } from './hub-process.js';

/** A workspace and a key holding every scope, made with the admin key. */
export async function workspaceWithKey(base: string, adminKey: string, allowedReturnOrigins: string[] = []) {
  const workspace = await api(base, 'POST', '/v1/workspaces', adminKey, { name: 'demo', allowedReturnOrigins });
  expect(workspace.status).toBe(201);
  const answer = await api(base, 'POST', `/v1/workspaces/${workspace.json.workspace.id}/api-keys`, adminKey, {
    scopes: ['connections:read', 'connections:write', 'credentials:read'],
  });
  expect(answer.status).toBe(201);
  return { workspaceId: workspace.json.workspace.id as string, key: answer.json.key as string };
}

/**
 * Plays the end user of a sandbox connect flow over real HTTP: opens the connect page, follows its link to the
 * consent page, approves as `accountName`, and follows the redirect to the hub's callback. Returns the
 * callback's answer.
 */
export async function approveSandbox(connectUrl: string, accountName: string): Promise<Response> {
  const connectPage = await fetch(connectUrl);
  expect(connectPage.status).toBe(200);
  const href = /<a class="button" href="([^"]+)">/.exec(await connectPage.text())?.[1];
  expect(href).toBeDefined();
  const consentUrl = href!.replaceAll('&amp;', '&');
  const page = await (await fetch(consentUrl)).text();
  const transaction = /name="transaction" value="([^"]+)"/.exec(page)?.[1];
  expect(transaction).toBeDefined();
  const approved = await fetch(consentUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ transaction: transaction!, decision: 'approve', account_name: accountName }),
  });
  expect(approved.status).toBe(302);
  return fetch(approved.headers.get('location')!, { redirect: 'manual' });
}
