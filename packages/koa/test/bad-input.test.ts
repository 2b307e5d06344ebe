import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
let key: string;
beforeAll(async () => {
  api = await startApi();
  ({ key } = await api.workspace(['connections:read', 'connections:write', 'proxy']));
});
afterAll(() => api.close());

/** What came back on a raw connection: the status line's code, the head, the body, and any socket error. */
interface RawAnswer {
  status: number;
  head: string;
  body: string;
  socketError: string | undefined;
}

/** Opens a connection, lets `send` write bytes as they are, and reads until the server closes it. */
async function raw(send: (socket: Socket) => Promise<void>): Promise<RawAnswer> {
  const socket = connect(Number(new URL(api.baseUrl).port), '127.0.0.1');
  let socketError: string | undefined;
  socket.on('error', (error: NodeJS.ErrnoException) => {
    socketError ??= error.code ?? error.message;
  });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = once(socket, 'close');
  try {
    await once(socket, 'connect');
    await send(socket);
    await closed;
  } finally {
    socket.destroy();
  }
  const text = Buffer.concat(chunks).toString('latin1');
  const [head = '', body = ''] = text.split('\r\n\r\n', 2);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body, socketError };
}

const write = (socket: Socket, data: string | Buffer) =>
  new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('every bad input is a 4xx with the error body', () => {
  it('JSON nested 200,000 levels answers 500 (RangeError): 400 past 64 levels, on every JSON route and on actions', async () => {
    const connection = await api.call('POST', '/v1/connections', {
      key,
      body: { provider: 'keyed', credentials: { type: 'api_key', apiKey: 'good-key' } },
    });
    const id = connection.json.connection.id as string;
    for (const [path, body] of [
      ['/v1/connect-sessions', `{"provider":${nested(200_000)}}`],
      [`/v1/connections/${id}/request`, `{"url":"/x","data":${nested(200_000)}}`],
      [`/v1/connections/${id}/actions/key-length`, `{"input":${nested(200_000)}}`],
    ]) {
      const deep = await api.call('POST', path!, { key, body });
      expect(deep.status, path).toBe(400);
      expect(deep.json, path).toMatchObject({ error: 'validation_error', details: [{ path: 'body' }] });
      expect(deep.json.message).toContain('64 levels');
    }

    // 64 levels are read; the schema then says what it expected instead.
    const atLimit = await api.call('POST', '/v1/connect-sessions', { key, body: `{"provider":${nested(63)}}` });
    expect(atLimit.status).toBe(400);
    expect(atLimit.json.details).toEqual([expect.objectContaining({ path: 'body.provider' })]);
    // Brackets inside strings are text, not nesting.
    const inString = await api.call('POST', '/v1/connect-sessions', {
      key,
      body: { provider: 'keyed', ownerId: `${'[{'.repeat(90)}"\\` },
    });
    expect(inString.status).toBe(201);
  });

  it('A URL over ~16 KB (proxy path, /oauth/callback query) answers 431 with an empty body and no content type: served up to 32 KiB, JSON 414 and 431 beyond', async () => {
    const param = 'a'.repeat(5000);
    const callback = await api.call('GET', `/oauth/callback?code=${param}&state=${param}&error=${param}&x=${param}`);
    expect(callback.status).toBe(404);
    expect(callback.headers.get('content-type')).toMatch(/^text\/html/);

    const proxied = await api.call('GET', `/v1/connections/unknown/proxy/${'p'.repeat(8000)}?q=${'q'.repeat(12_000)}`, {
      key,
    });
    expect(proxied.status).toBe(404);
    expect(proxied.json).toMatchObject({ error: 'not_found' });

    const tooLong = await api.call('GET', `/v1/connections/unknown/proxy/x?q=${'q'.repeat(40_000)}`, { key });
    expect(tooLong.status).toBe(414);
    expect(tooLong.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(tooLong.json).toMatchObject({ error: 'url_too_long' });

    const bigHeaders = await raw((socket) =>
      write(socket, `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'h'.repeat(70_000)}\r\n\r\n`),
    );
    expect(bigHeaders.status).toBe(431);
    expect(bigHeaders.head).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/);
    expect(bigHeaders.head).toMatch(/\r\nx-content-type-options: nosniff\r\n/);
    expect(JSON.parse(bigHeaders.body)).toMatchObject({ error: 'headers_too_large' });
  });

  it("answers what Node's parser refuses with the JSON error body too", async () => {
    const garbage = await raw((socket) => write(socket, 'GET /healthz HTTP/1.1\r\nbad header line\r\n\r\n'));
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toMatchObject({ error: 'validation_error' });
  });

  it('A client that streams a body over the limit receives a reset, not the 413: it reads the 413', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const answer = await raw(async (socket) => {
      await write(
        socket,
        `POST /v1/connect-sessions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\n` +
          'content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
      );
      // 12 MiB against a 1 MiB limit: more than the kernel's socket buffers hold, so a server that stopped
      // reading would make these writes fail.
      for (let i = 0; i < 192; i++)
        await write(socket, Buffer.concat([Buffer.from('10000\r\n'), chunk, Buffer.from('\r\n')]));
      await write(socket, '0\r\n\r\n');
    });
    expect(answer.socketError).toBeUndefined();
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'payload_too_large' });
  });
});

describe('keep-alive', () => {
  // The server closing an idle connection first races the client's next request on it: a reset, or a 502 from
  // the load balancer in front. Node closes after 5 s by default; clients and balancers keep theirs longer.
  it('an idle keep-alive connection stays open past the 5 s default of Node (it closes by 6 s), so the client closes it first', async () => {
    const socket = connect(Number(new URL(api.baseUrl).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    let closed = false;
    socket.on('close', () => {
      closed = true;
    });
    const answers = () => received.match(/HTTP\/1\.1 200 /g)?.length ?? 0;
    const until = async (check: () => boolean) => {
      while (!check() && !closed) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    try {
      await once(socket, 'connect');
      const request = 'GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n';
      await write(socket, request);
      await until(() => answers() === 1);
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(closed).toBe(false);
      await write(socket, request);
      await until(() => answers() === 2);
      expect(answers()).toBe(2);
    } finally {
      socket.destroy();
    }
  }, 30_000);
});
