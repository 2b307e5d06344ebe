import { createHash } from 'node:crypto';
import { NotFoundError } from '@plugboard/core';
import { sendImage } from '../image-response.js';
import { defineRoute } from '../route.js';
import { LogoQuery } from '../schemas/branding.js';
import { ProviderIdParams, ProviderList, ProviderReply } from '../schemas/providers.js';

/** The providers loaded in the hub. */
export const providerRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/providers',
    operationId: 'listProviders',
    summary: 'List the loaded providers',
    tag: 'providers',
    access: 'authenticated',
    responses: { 200: { description: 'Every loaded provider.', schema: ProviderList } },
    handle: async ({ hub, reply }) => reply(200, { data: hub.providers.list() }),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/providers/:id',
    operationId: 'getProvider',
    summary: 'Get a loaded provider',
    tag: 'providers',
    access: 'authenticated',
    params: ProviderIdParams,
    responses: { 200: { description: 'The provider.', schema: ProviderReply } },
    handle: async ({ hub, params, reply }) => {
      const provider = hub.providers.list().find((summary) => summary.id === params.id);
      if (!provider) throw new NotFoundError('Provider');
      return reply(200, { provider });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/provider-logos/:id',
    operationId: 'getProviderLogo',
    summary: "A provider's logo, sanitised when the hub loaded it, as the connect pages show it (public)",
    tag: 'connect',
    access: 'public',
    params: ProviderIdParams,
    query: LogoQuery,
    responses: { 200: { description: 'The logo, an SVG.', mediaType: 'image/svg+xml' } },
    handle: async ({ hub, ctx, params, query }) => {
      const logo = hub.providers.get(params.id).logo;
      if (!logo) throw new NotFoundError('Logo');
      sendImage(
        ctx,
        { contentType: 'image/svg+xml', bytes: logo, sha256: createHash('sha256').update(logo).digest('hex') },
        query.v,
      );
      return undefined;
    },
  }),
];
