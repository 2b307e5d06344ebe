import { createServer } from 'node:http';
import { announce } from './child.js';

// The provider's API: a small JSON answer, as most API calls are.
const body = JSON.stringify({ id: 'bench', items: [1, 2, 3], note: 'a small JSON answer from the upstream' });

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce(server, {}));
