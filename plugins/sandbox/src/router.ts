import type { ProviderHttp } from '@plugboard/core';
import { AuthorizeEndpoint } from './authorize-endpoint.js';
import type { SandboxSettings } from './options.js';
import { item, items, me } from './resource-api.js';
import { json } from './responses.js';
import { revoke } from './revocation-endpoint.js';
import { TokenEndpoint } from './token-endpoint.js';
import { TokenAuthority } from './tokens.js';

type Route = (request: Request) => Response | Promise<Response>;

/** The sandbox's HTTP routes; requests arrive with their full URL, under `mountUrl`. */
export function createSandboxHttp(settings: SandboxSettings, mountUrl: string): ProviderHttp {
  const mountPath = new URL(mountUrl).pathname.replace(/\/+$/, '');
  const tokens = new TokenAuthority(settings);
  const authorize = new AuthorizeEndpoint(settings, tokens, `${mountPath}/authorize`);
  const token = new TokenEndpoint(settings, tokens);
  const routes: Record<string, Route> = {
    'GET /authorize': (request) => authorize.show(request),
    'POST /authorize': (request) => authorize.decide(request),
    'POST /token': (request) => token.handle(request),
    'POST /revoke': (request) => revoke(request, settings, tokens),
    'GET /api/me': (request) => me(request, tokens),
    'GET /api/items': (request) => items(request, tokens),
  };
  return {
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const local = path.startsWith(`${mountPath}/`) ? path.slice(mountPath.length) : undefined;
      const route = local === undefined ? undefined : routes[`${request.method} ${local}`];
      if (route) return route(request);
      const itemId = request.method === 'GET' ? /^\/api\/items\/([\w-]+)$/.exec(local ?? '')?.[1] : undefined;
      if (itemId) return item(request, tokens, itemId);
      return json({ error: 'not_found', message: `The sandbox has no route ${request.method} ${path}.` }, 404);
    },
  };
}
