import { describedRequest, proxyCall, writeProxyAnswer } from '../proxy-call.js';
import { restOfPath } from '../rest-of-path.js';
import { defineRoute, type HttpMethod, REFRESH_ERRORS } from '../route.js';
import { IdParams } from '../schemas/common.js';
import { ProxyParams, ProxyRequestBody } from '../schemas/proxy.js';

// HEAD before GET: the router tries routes in order, and a GET route answers HEAD too.
const METHODS: HttpMethod[] = ['head', 'get', 'post', 'put', 'patch', 'delete', 'options'];
const WITH_BODY = new Set<HttpMethod>(['post', 'put', 'patch']);
const PROXY_PATH = '/v1/connections/:id/proxy{/*path}';
const PROVIDER_ANSWER = {
  200: {
    description: "The provider's answer, passed through: any status, headers (no cookies) and body.",
    mediaType: '*/*',
  },
};
const PROVIDER_HEAD_ANSWER = {
  200: { description: "The provider's answer to the HEAD, passed through: any status, headers (no cookies)." },
};

/** The authenticated proxy: the caller's request, signed with a connection's credentials, to its provider. */
export const proxyRoutes = [
  ...METHODS.map((method) =>
    defineRoute({
      method,
      path: PROXY_PATH,
      operationId: `proxy${method[0]!.toUpperCase()}${method.slice(1)}`,
      summary: "Pass a request through to the provider's API (path, query, body and status as they are)",
      tag: 'proxy',
      access: { scope: 'proxy' },
      params: ProxyParams,
      ...(WITH_BODY.has(method) && {
        rawBody: { description: 'Passed on to the provider as it is, with its content type.', mediaType: '*/*' },
      }),
      responses: method === 'head' ? PROVIDER_HEAD_ANSWER : PROVIDER_ANSWER,
      errors: REFRESH_ERRORS,
      handle: async ({ hub, ctx, workspaceId, params }) => {
        const answer = await proxyCall(
          hub,
          workspaceId,
          params.id,
          ctx.req,
          restOfPath(ctx, PROXY_PATH),
          ctx.search,
          ctx.request,
        );
        ctx.respond = false;
        writeProxyAnswer(ctx.res, ctx.method, answer);
        return undefined;
      },
    }),
  ),
  defineRoute({
    method: 'post',
    path: '/v1/connections/:id/request',
    operationId: 'proxyRequest',
    summary: "Make one request to the provider, described as JSON; answers with the provider's response as it is",
    tag: 'proxy',
    access: { scope: 'proxy' },
    params: IdParams,
    body: ProxyRequestBody,
    responses: PROVIDER_ANSWER,
    errors: REFRESH_ERRORS,
    handle: async ({ hub, ctx, workspaceId, params, body }) => {
      const { headers, body: payload } = describedRequest(body.headers, body.data);
      const answer = await hub.proxy.forward(workspaceId, params.id, {
        method: body.method,
        target: body.url,
        headers,
        body: payload,
        retry: body.retry,
      });
      ctx.respond = false;
      writeProxyAnswer(ctx.res, ctx.method, answer);
      return undefined;
    },
  }),
];
