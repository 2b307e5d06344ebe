import { NotFoundError } from '@plugboard/core';
import { defineRoute } from '../route.js';
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
];
