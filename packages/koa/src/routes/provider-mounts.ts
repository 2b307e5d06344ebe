import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { HOP_BY_HOP, NotFoundError } from '@plugboard/core';
import { readBody } from '../body.js';
import { restOfPath } from '../rest-of-path.js';
import { defineRoute, type HttpMethod, type RouteInput } from '../route.js';
import { ProviderMountParams } from '../schemas/provider-mounts.js';

// The provider learns where it lives from the request URL, built from publicUrl: never from what the client says.
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'content-length', 'expect', 'forwarded']);

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete', 'options'];
const WITH_BODY = new Set<HttpMethod>(['post', 'put', 'patch']);
const MOUNT_PATH = '/providers/:id{/*path}';

/** A provider's own HTTP routes (the sandbox's authorization server), mounted at `/providers/:id/`. */
export const providerMountRoutes = METHODS.map((method) =>
  defineRoute({
    method,
    path: MOUNT_PATH,
    operationId: `providerMount${method[0]!.toUpperCase()}${method.slice(1)}`,
    summary: "A provider's own HTTP route",
    tag: 'providers',
    access: 'public',
    params: ProviderMountParams,
    ...(WITH_BODY.has(method) && { rawBody: { description: 'Passed on to the provider as it is.', mediaType: '*/*' } }),
    responses: { 200: { description: "The provider's answer: any status and media type.", mediaType: '*/*' } },
    handle: forward,
  }),
);

async function forward({
  hub,
  ctx,
  params,
  env,
}: RouteInput<'public', typeof ProviderMountParams, undefined, undefined>): Promise<undefined> {
  const provider = hub.providers.get(params.id);
  if (!provider.http) throw new NotFoundError(`HTTP route of provider "${provider.id}"`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (value === undefined || NOT_FORWARDED.has(name) || name.startsWith('x-forwarded-')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const withBody = ctx.method !== 'GET' && ctx.method !== 'HEAD';
  // Under publicUrl, which already names the host's mount prefix: the path within the API, never ctx.path.
  const url = `${hub.publicUrl}/providers/${encodeURIComponent(provider.id)}${restOfPath(ctx, MOUNT_PATH)}${ctx.search}`;
  const request = new Request(url, {
    method: ctx.method,
    headers,
    body: withBody ? new Uint8Array(await readBody(ctx.req, env.bodyLimitBytes, ctx.request)) : undefined,
  });
  const response = await provider.http.fetch(request);
  ctx.status = response.status;
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'set-cookie') ctx.set(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) ctx.append('Set-Cookie', cookie);
  ctx.body = response.body ? Readable.fromWeb(response.body as NodeReadableStream) : '';
  return undefined;
}
