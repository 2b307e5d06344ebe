import type { Context } from 'koa';

const REST = '{/*path}';

function segmentCount(pattern: string): number {
  return pattern.split('/').filter(Boolean).length;
}

/**
 * The rest of the request path after a `…{/*path}` route's fixed part, raw as it was sent (`%2e%2e` and `%2F` reach
 * the engine's checks undecoded), with its leading `/`, or '' when there is none. It is counted from the pattern the
 * router matched (`ctx.routerPath`, which carries any `.prefix()` or parent router's path), so it is right however
 * the router is mounted. A prefix segment matches exactly one path segment (a static name or a `:param`).
 */
export function restOfPath(ctx: Context, routePath: string): string {
  const matched = (ctx as { routerPath?: unknown }).routerPath;
  if (typeof matched !== 'string' || !matched.endsWith(routePath) || !routePath.endsWith(REST)) {
    throw new Error(`restOfPath: the request was not routed through "${routePath}".`);
  }
  const fixed = segmentCount(matched.slice(0, -REST.length));
  const parts = ctx.path.split('/').slice(1 + fixed);
  return parts.length > 0 ? `/${parts.join('/')}` : '';
}
