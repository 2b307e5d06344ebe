import { Writable } from 'node:stream';
import { createLogger, type HubOptions } from '@plugboard/core';

/** One request the hub sent to a provider, recorded at its outbound fetch whatever the host. */
export interface Outbound {
  url: URL;
  headers: Headers;
  body: string;
}

/** A debug-level logger whose every line lands in `lines`, so tests can sweep them for secrets. */
export function capturingLogger(): { logger: NonNullable<HubOptions['logger']>; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  return { logger, lines };
}

/** A fetch that records each request in `requests` before sending it, so tests can prove where secrets went. */
export function recordingFetch(): { fetch: typeof fetch; requests: Outbound[] } {
  const requests: Outbound[] = [];
  const record: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    // Read a clone: the original's body still goes out untouched (a stream body included).
    requests.push({ url: new URL(request.url), headers: request.headers, body: await request.clone().text() });
    return fetch(request);
  };
  return { fetch: record, requests };
}
