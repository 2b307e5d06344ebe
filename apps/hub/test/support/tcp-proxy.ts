import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/** A loopback TCP relay in front of a server, to play network faults: a stall, or a restart. */
export interface TcpProxy {
  port: number;
  /** Stops passing bytes either way (connections stay open, new ones are accepted and held): a stalled network. */
  stall(): void;
  /** Closes every connection and refuses new ones: the server is down. */
  down(): void;
  /** Passes bytes again (held bytes first) and accepts connections. */
  heal(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  held: Array<{ to: Socket; chunk: Buffer }>;
}

/** Starts a relay on a free loopback port to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'pass' | 'stall' | 'down' = 'pass';
  const pairs = new Set<Pair>();
  const relay = (pair: Pair, from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (mode === 'pass') to.write(chunk);
      else pair.held.push({ to, chunk });
    });
  };
  const server = createServer((client) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(target.port, target.host);
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    relay(pair, client, upstream);
    relay(pair, upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const destroyAll = () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    stall() {
      mode = 'stall';
    },
    down() {
      mode = 'down';
      destroyAll();
    },
    heal() {
      mode = 'pass';
      for (const pair of pairs) {
        for (const { to, chunk } of pair.held.splice(0)) to.write(chunk);
      }
    },
    close() {
      destroyAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
