import { createServer } from 'node:http';
import { Agent } from 'undici';
import { announce } from './child.js';

// The baseline: the least a reverse proxy can do in Node (node:http in, undici out, one fixed header added).
const upstream = process.argv[2]!;
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });

const server = createServer(async (req, res) => {
  try {
    const answer = await agent.request({
      origin: upstream,
      path: req.url ?? '/',
      method: (req.method ?? 'GET') as 'GET',
      headers: { authorization: 'Bearer fixed-token', accept: req.headers.accept ?? '*/*' },
    });
    res.writeHead(answer.statusCode, answer.headers as Record<string, string>);
    answer.body.pipe(res);
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => announce(server, {}));
