import { ConnectError, type ProviderError } from './connect-error.js';

/** What a finished connect flow hands back: the id of the new connection (look it up with the HTTP API). */
export interface ConnectResult {
  connectionId: string;
}

/** The popup window `connect` opens, as far as it looks at it. */
export interface PopupWindow {
  readonly closed: boolean;
  close(): void;
}

/** The parts of `window` that `connect` uses; pass another one to run it elsewhere (a test, a parent frame). */
export interface ConnectWindow {
  open(url: string, target: string, features: string): PopupWindow | null;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  readonly location: { assign(url: string): void };
}

/** Options of `connect`. */
export interface ConnectOptions {
  /** Open the connect page in a popup and resolve with its outcome; otherwise navigate to it. */
  popup?: boolean;
  /** How long to wait for the popup's outcome (default: 10 minutes, the life of a connect session). */
  timeoutMs?: number;
  /** The window to act in (default: the global `window`). */
  window?: ConnectWindow;
}

/** A connect session lives 10 minutes: past that, no outcome can arrive. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
// How often to check whether the user closed the popup.
const POLL_MS = 250;

/**
 * Runs a connect flow from a session's `connectUrl` (made by your server with `POST /v1/connect-sessions`).
 * With `popup: true`, call it from a click handler (browsers block popups opened without a user gesture):
 * it resolves with `{ connectionId }` or rejects with a `ConnectError`. Without `popup`, the page navigates
 * to the connect page and the outcome arrives at the session's `returnTo`; the promise never settles.
 */
export function connect(connectUrl: string, options: ConnectOptions = {}): Promise<ConnectResult> {
  const win: ConnectWindow = options.window ?? window;
  const url = new URL(connectUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return Promise.reject(new TypeError(`connectUrl must be an http(s) URL, not ${url.protocol}`));
  }
  if (!options.popup) {
    win.location.assign(url.href);
    return new Promise(() => {});
  }
  url.searchParams.set('display', 'popup');
  const popup = win.open(url.href, 'plugboard-connect', 'popup,width=500,height=700');
  if (!popup) return Promise.reject(new ConnectError('blocked', 'The browser blocked the connect popup.'));
  return waitForOutcome(win, popup, url.origin, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

function waitForOutcome(
  win: ConnectWindow,
  popup: PopupWindow,
  hubOrigin: string,
  timeoutMs: number,
): Promise<ConnectResult> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      win.removeEventListener('message', onMessage);
      clearInterval(poll);
      clearTimeout(timer);
      settle();
    };
    // Only the popup we opened, showing a page of the hub, speaks for the flow.
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== hubOrigin || event.source !== popup) return;
      const outcome = readOutcome(event.data);
      if (!outcome) return;
      if ('connectionId' in outcome) finish(() => resolve(outcome));
      else finish(() => reject(new ConnectError('failed', outcome.error.message, outcome.error)));
    };
    // The popup posts its outcome and then closes: its message may be queued just behind the first check
    // that sees it closed, so a flow counts as cancelled only on the second one.
    let closedChecks = 0;
    const poll = setInterval(() => {
      closedChecks = popup.closed ? closedChecks + 1 : 0;
      if (closedChecks >= 2) finish(() => reject(new ConnectError('cancelled', 'The connect popup was closed.')));
    }, POLL_MS);
    const timer = setTimeout(
      () =>
        finish(() => {
          popup.close();
          reject(new ConnectError('timeout', `No outcome from the connect popup within ${timeoutMs} ms.`));
        }),
      timeoutMs,
    );
    win.addEventListener('message', onMessage);
  });
}

function readOutcome(data: unknown): ConnectResult | { error: ProviderError } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as { type?: unknown; connectionId?: unknown; error?: { code?: unknown; message?: unknown } };
  if (message.type !== 'plugboard:connect') return undefined;
  if (typeof message.connectionId === 'string') return { connectionId: message.connectionId };
  if (typeof message.error?.code === 'string' && typeof message.error.message === 'string') {
    return { error: { code: message.error.code, message: message.error.message } };
  }
  return undefined;
}
