import type { CallbackResult, Connection, CreateConnectSessionInput, Hub } from '@plugboard/core';
import type { FakeProvider } from '../fake/types.js';

/** Plays the user at the consent page: a fake (its `approve`), or a function answering the callback query. */
export type Approver =
  | FakeProvider
  | ((authorizationUrl: string) => Record<string, string> | Promise<Record<string, string>>);

/** Options of a connect session besides the provider (owner, scopes, returnTo, ...). */
export type SessionOptions = Omit<CreateConnectSessionInput, 'provider' | 'providers'>;

/** The connect dance through the engine (no browser, no HTTP), for a workspace of `hub`. */
export function engineConnect(hub: Hub, workspaceId: string) {
  /** The authorization URL of a new connect session. */
  const authorize = async (provider: string, session: SessionOptions = {}): Promise<string> =>
    (await hub.connectSessions.create(workspaceId, { ...session, provider })).authorizationUrl!;

  /** A session, the user approving it, and the callback completed: answers the URL and the outcome, good or bad. */
  const connect = async (
    provider: string,
    approver: Approver,
    session?: SessionOptions,
  ): Promise<{ authorizationUrl: string; result: CallbackResult }> => {
    const authorizationUrl = await authorize(provider, session);
    const approve = typeof approver === 'function' ? approver : (url: string) => approver.approve(url);
    return { authorizationUrl, result: await hub.completeCallback(await approve(authorizationUrl)) };
  };

  /** Like `connect`, for tests that need the connection: a failed callback throws with its code and message. */
  const connected = async (provider: string, approver: Approver, session?: SessionOptions): Promise<Connection> => {
    const { result } = await connect(provider, approver, session);
    if (!result.ok) throw new Error(`callback failed: ${result.error.code}: ${result.error.message}`);
    return result.connection;
  };

  return { authorize, connect, connected };
}
