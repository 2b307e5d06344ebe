import { expect } from 'vitest';
import { api } from './hub-process.js';

/** The fake OAuth2 provider of @plugboard/testing, as far as a config needs it. */
export interface FakeProvider {
  origin: string;
  clientId: string;
  clientSecret: string;
}

/** A `providers:` entry mounting the generic oauth2 plugin as `acme` on the fake provider (its API at `apiBaseUrl`). */
export function fakeProviderYaml(fake: FakeProvider, apiBaseUrl = fake.origin): string {
  return `providers:
  - use: "@plugboard/provider-oauth2"
    id: acme
    options:
      authorizationUrl: "${fake.origin}/authorize"
      tokenUrl: "${fake.origin}/token"
      userinfoUrl: "${fake.origin}/api/me"
      apiBaseUrl: "${apiBaseUrl}"
      clientId: "${fake.clientId}"
      clientSecret: "${fake.clientSecret}"
      accountIdClaim: id
`;
}

/** The fake provider's side of a connect flow: approves an authorization URL and answers the callback query. */
export interface Approver {
  approve(authorizationUrl: string): { code: string; state: string };
}

/** Connects an `acme` account through the whole flow (session, approval, public callback); returns its id. */
export async function connectAcme(base: string, key: string, fake: Approver, ownerId = 'user-1'): Promise<string> {
  const session = await api(base, 'POST', '/v1/connect-sessions', key, { provider: 'acme', ownerId });
  expect(session.status, session.text).toBe(201);
  const { code, state } = fake.approve(session.json.authorizationUrl);
  const callback = await fetch(`${base}/oauth/callback?${new URLSearchParams({ code, state })}`, {
    redirect: 'manual',
  });
  expect(callback.status, await callback.text()).toBe(200);
  const listed = await api(base, 'GET', `/v1/connections?ownerId=${encodeURIComponent(ownerId)}`, key);
  expect(listed.json.data).toHaveLength(1);
  return listed.json.data[0].id as string;
}

/** A workspace key with the `proxy` scope, made with the admin key. */
export async function proxyKey(base: string, adminKey: string, workspaceId: string): Promise<string> {
  const answer = await api(base, 'POST', `/v1/workspaces/${workspaceId}/api-keys`, adminKey, { scopes: ['proxy'] });
  expect(answer.status, answer.text).toBe(201);
  return answer.json.key as string;
}
