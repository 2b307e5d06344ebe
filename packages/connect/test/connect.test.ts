import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectError, type ConnectWindow, connect } from '../src/index.js';

const CONNECT_URL = 'https://hub.example.com/connect/abc';

/** A stand-in for the browser window: records what connect opened and lets the test send it messages. */
function fakeWindow(options: { blockPopups?: boolean } = {}) {
  const listeners = new Set<(event: MessageEvent) => void>();
  const popup = {
    closed: false,
    close: vi.fn(() => {
      popup.closed = true;
    }),
  };
  const win = {
    opened: [] as string[][],
    assigned: [] as string[],
    popup,
    open(...args: string[]) {
      win.opened.push(args);
      return options.blockPopups ? null : popup;
    },
    addEventListener: (_type: 'message', listener: (event: MessageEvent) => void) => listeners.add(listener),
    removeEventListener: (_type: 'message', listener: (event: MessageEvent) => void) => listeners.delete(listener),
    location: { assign: (url: string) => win.assigned.push(url) },
    /** Delivers a message event as the browser would. */
    post(data: unknown, origin = 'https://hub.example.com', source: unknown = popup) {
      for (const listener of [...listeners]) listener({ data, origin, source } as MessageEvent);
    },
    listenerCount: () => listeners.size,
  };
  return win satisfies ConnectWindow;
}

async function rejection(promise: Promise<unknown>): Promise<ConnectError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectError);
  return error as ConnectError;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('connect with a popup', () => {
  it('opens the connect page as a popup and resolves with the connection its page posts', async () => {
    const win = fakeWindow();
    const result = connect(`${CONNECT_URL}?lang=en`, { popup: true, window: win });
    expect(win.opened).toEqual([
      [`${CONNECT_URL}?lang=en&display=popup`, 'plugboard-connect', 'popup,width=500,height=700'],
    ]);
    win.post({ type: 'plugboard:connect', connectionId: 'conn-1' });
    await expect(result).resolves.toEqual({ connectionId: 'conn-1' });
    expect(win.listenerCount()).toBe(0);
  });

  it('ignores messages from another origin, another window, or of another shape', async () => {
    const win = fakeWindow();
    const result = connect(CONNECT_URL, { popup: true, window: win, timeoutMs: 5_000 });
    win.post({ type: 'plugboard:connect', connectionId: 'forged' }, 'https://evil.example');
    win.post({ type: 'plugboard:connect', connectionId: 'forged' }, 'https://hub.example.com', {});
    win.post({ type: 'other', connectionId: 'forged' });
    win.post('plugboard:connect');
    win.post({ type: 'plugboard:connect', connectionId: 42 });
    const failure = rejection(result);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await failure;
    expect(error.code).toBe('timeout');
    expect(win.popup.close).toHaveBeenCalled();
  });

  it("rejects with the provider's error when the flow failed", async () => {
    const win = fakeWindow();
    const result = connect(CONNECT_URL, { popup: true, window: win });
    win.post({ type: 'plugboard:connect', error: { code: 'access_denied', message: 'The user denied access.' } });
    const error = await rejection(result);
    expect(error).toMatchObject({
      code: 'failed',
      message: 'The user denied access.',
      providerError: { code: 'access_denied', message: 'The user denied access.' },
    });
  });

  it('rejects as cancelled when the user closes the popup, once a late message can no longer arrive', async () => {
    const win = fakeWindow();
    const result = connect(CONNECT_URL, { popup: true, window: win });
    let settled = false;
    const failure = rejection(result).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled).toBe(false);
    win.popup.closed = true;
    await vi.advanceTimersByTimeAsync(250);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(250);
    expect((await failure).code).toBe('cancelled');
    expect(win.listenerCount()).toBe(0);
  });

  it('still resolves when the outcome arrives just after the popup closed itself', async () => {
    const win = fakeWindow();
    const result = connect(CONNECT_URL, { popup: true, window: win });
    win.popup.closed = true;
    await vi.advanceTimersByTimeAsync(250);
    win.post({ type: 'plugboard:connect', connectionId: 'conn-2' });
    await expect(result).resolves.toEqual({ connectionId: 'conn-2' });
  });

  it('rejects as blocked when no popup could open', async () => {
    const win = fakeWindow({ blockPopups: true });
    expect((await rejection(connect(CONNECT_URL, { popup: true, window: win }))).code).toBe('blocked');
  });
});

describe('connect without a popup', () => {
  it('navigates to the connect page', () => {
    const win = fakeWindow();
    void connect(CONNECT_URL, { window: win });
    expect(win.assigned).toEqual([CONNECT_URL]);
    expect(win.opened).toEqual([]);
  });

  it('refuses a URL that is not http(s)', async () => {
    const win = fakeWindow();
    await expect(connect('javascript:alert(1)', { window: win })).rejects.toThrow(TypeError);
    expect(win.assigned).toEqual([]);
  });
});
