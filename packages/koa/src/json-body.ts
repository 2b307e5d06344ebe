import type { Context } from 'koa';

/**
 * Sets a JSON answer as its text. Koa 3 takes objects too, but then checks the value against the `Response` global,
 * and the first touch of that global makes Node compile its built-in fetch (about 40 ms, on a fresh hub's first
 * /healthz probe); a string body is written as it is.
 */
export function setJsonBody(ctx: Context, body: unknown): void {
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = JSON.stringify(body);
}
