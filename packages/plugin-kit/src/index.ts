/** Registers the conformance suite of an OAuth2 provider plugin as vitest tests. */
export { testProvider } from './conformance/test-provider.js';
export type * from './conformance/types.js';
/** Decodes an `Authorization: Basic` header into the client id and secret, as the fake reads it. */
export { basicCredentials, type ClientCredentials } from './fake/client-auth.js';
/** Starts a scriptable fake OAuth2 provider on loopback. */
export { createFakeProvider } from './fake/server.js';
export type * from './fake/types.js';
/** The engine-level connect helpers' types: who approves, and the session's options. */
export type { Approver, SessionOptions } from './harness/engine-connect.js';
/** An HTTP API answer, and an outbound provider request, as a test hub records them. */
export type { Answer, CallInit } from './harness/http-client.js';
export type { Outbound } from './harness/recorders.js';
/** Starts the real engine and HTTP API on loopback for a plugin's own quirk tests (see the README). */
export {
  startTestHub,
  TEST_RETURN_ORIGIN,
  type TestHub,
  type TestHubOptions,
  type TestProviders,
} from './harness/test-hub.js';
