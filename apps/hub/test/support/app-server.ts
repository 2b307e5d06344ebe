import { readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ts from 'typescript';

// The helper's TypeScript source, compiled on request: the browser runs exactly what the package ships.
const helperDir = join(realpathSync(new URL('../../node_modules/@plugboard/connect', import.meta.url)), 'src');

function helperModule(name: string): string {
  const source = readFileSync(join(helperDir, `${name}.ts`), 'utf8');
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
  }).outputText;
}

// The embedding app: a button that runs `connect(connectUrl, { popup: true })` and shows how it ended, and a
// log of every message the page receives from anywhere.
const APP_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Example app</title></head>
<body>
<main>
<h1>Example app</h1>
<button id="connect" type="button">Connect an account</button>
<p id="result" role="status"></p>
</main>
<script type="module">
import { connect } from '/helper/index.js';
window.received = [];
window.addEventListener('message', (event) => window.received.push({ origin: event.origin, data: event.data }));
const connectUrl = new URL(location.href).searchParams.get('connectUrl');
const timeoutMs = Number(new URL(location.href).searchParams.get('timeoutMs') ?? 60000);
const result = document.getElementById('result');
document.getElementById('connect').addEventListener('click', () => {
  result.textContent = 'pending';
  connect(connectUrl, { popup: true, timeoutMs }).then(
    ({ connectionId }) => { result.textContent = 'connected ' + connectionId; },
    (error) => { result.textContent = error.name + ' ' + error.code + ': ' + error.message; },
  );
});
</script>
</body>
</html>
`;

/** A web app on its own loopback origin that embeds the connect flow with `@plugboard/connect`. */
export async function startAppServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    const helper = /^\/helper\/([a-z-]+)\.js$/.exec(url.pathname);
    if (helper) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(helperModule(helper[1]!));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    // Any other path is the app's page: `/done` is where page-mode flows return.
    res.end(url.pathname === '/' ? APP_PAGE : '<!doctype html><title>Back in the app</title><h1>Back in the app</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
