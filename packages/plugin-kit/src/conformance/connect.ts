import { requestParams } from '../fake/client-auth.js';
import type { FakeProvider, FakeRequest, IssuedTokens } from '../fake/types.js';
import { TEST_RETURN_ORIGIN, type TestHub } from '../harness/test-hub.js';

/** A connection made through the whole flow, with what the fake saw of it. */
export interface Connected {
  connectionId: string;
  authorizationUrl: string;
  /** The callback query the fake's approve produced. */
  approval: Record<string, string>;
  /** The code exchange request the token endpoint received. */
  exchange: FakeRequest;
  /** The tokens the exchange issued. */
  tokens: IssuedTokens;
  /** Every other request the fake received while the callback ran (the account step). */
  accountRequests: FakeRequest[];
}

/** Where connect sessions return to: an allowed origin of the test workspace. */
const RETURN_TO = `${TEST_RETURN_ORIGIN}/connected`;

let owners = 0;

/** Creates a connect session over HTTP and answers its authorization URL. */
export async function startSession(harness: TestHub, provider: string): Promise<string> {
  // Each connection gets its own owner: the same account reconnected by one owner would reuse the connection.
  const body = { provider, ownerId: `conformance-${++owners}`, returnTo: RETURN_TO };
  const session = harness.expectStatus(await harness.api('POST', '/v1/connect-sessions', body), 201);
  return session.json.authorizationUrl as string;
}

/** Runs the connect flow: a session, the user approving at the fake, and the browser arriving at the callback. */
export async function connect(
  harness: TestHub,
  provider: string,
  fake: FakeProvider,
  callbackExtra?: Record<string, string>,
): Promise<Connected> {
  const authorizationUrl = await startSession(harness, provider);
  const requestsBefore = fake.requests.length;
  const issuedBefore = fake.issued.length;
  const approval = await fake.approve(authorizationUrl, callbackExtra);
  const callback = await harness.call('GET', `/oauth/callback?${new URLSearchParams(approval)}`);
  const location = callback.headers.get('location');
  const outcome = location ? new URL(location).searchParams : undefined;
  const connectionId = outcome?.get('connection_id');
  if (callback.status !== 302 || !connectionId) {
    const reason = outcome?.get('error_description') ?? outcome?.get('error') ?? callback.text.slice(0, 500);
    throw new Error(`The callback did not make a connection (${callback.status}): ${reason}`);
  }
  const during = fake.requests.slice(requestsBefore);
  const exchange = during.find((request) => requestParams(request).get('code') === approval.code);
  if (!exchange) throw new Error('The callback made a connection without sending the code to the token endpoint.');
  const tokens = fake.issued.slice(issuedBefore).find((entry) => entry.grantType === 'authorization_code');
  if (!tokens) throw new Error('The fake issued no tokens for the code exchange.');
  return {
    connectionId,
    authorizationUrl,
    approval,
    exchange,
    tokens,
    accountRequests: during.filter((request) => request !== exchange),
  };
}
