import type { IncomingMessage, ServerResponse } from 'node:http';

/** True for the request `GET /` (or HEAD), which the landing answer serves instead of the API's 404. */
export function isLandingRequest(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.url === '/' || req.url?.startsWith('/?') === true);
}

/** Answers `GET /` with a small JSON document pointing a first-time visitor at the API description and docs. */
export function serveLanding(res: ServerResponse, publicUrl: string, version: string): void {
  const body = JSON.stringify(
    {
      name: 'Plugboard',
      version,
      openapi: `${publicUrl}/openapi.json`,
      health: { live: `${publicUrl}/healthz`, ready: `${publicUrl}/readyz` },
      docs: 'README.md and docs/ of the Plugboard repository: getting-started.md, api.md, self-hosting.md',
      next: `create a workspace with the admin key: POST ${publicUrl}/v1/workspaces {"name":"demo"}`,
    },
    null,
    2,
  );
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}
