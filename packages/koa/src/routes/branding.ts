import { NotFoundError } from '@plugboard/core';
import { sendImage } from '../image-response.js';
import { defineRoute } from '../route.js';
import { BrandingReply, LogoParams, LogoQuery, PutBrandingBody, PutLogoBody } from '../schemas/branding.js';
import { IdParams } from '../schemas/common.js';

/** Admin: what the connect pages show of a workspace's app; public: its logo. */
export const brandingRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/workspaces/:id/branding',
    operationId: 'getBranding',
    summary: "A workspace's branding: the display name, accent colour and logo its connect pages show",
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    responses: { 200: { description: 'The branding; unset fields are null.', schema: BrandingReply } },
    handle: async ({ hub, params, reply }) => reply(200, { branding: await hub.branding.get(params.id) }),
  }),
  defineRoute({
    method: 'put',
    path: '/v1/workspaces/:id/branding',
    operationId: 'putBranding',
    summary: "Set a workspace's display name and accent colour (null clears one); the logo is kept",
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    body: PutBrandingBody,
    responses: { 200: { description: 'The branding.', schema: BrandingReply } },
    handle: async ({ hub, params, body, reply }) => reply(200, { branding: await hub.branding.put(params.id, body) }),
  }),
  defineRoute({
    method: 'put',
    path: '/v1/workspaces/:id/branding/logo',
    operationId: 'putBrandingLogo',
    summary:
      "Upload a workspace's logo: PNG, JPEG, WebP or SVG, at most 256 KiB, base64; the bytes must be the declared type, and an SVG is sanitised",
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    body: PutLogoBody,
    responses: { 200: { description: 'The branding with the new logo.', schema: BrandingReply } },
    handle: async ({ hub, params, body, reply }) =>
      reply(200, { branding: await hub.branding.putLogo(params.id, body) }),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/workspaces/:id/branding/logo',
    operationId: 'deleteBrandingLogo',
    summary: "Remove a workspace's logo",
    tag: 'workspaces',
    access: 'admin',
    params: IdParams,
    responses: { 204: { description: 'Removed (also when there was none).' } },
    handle: async ({ hub, params, reply }) => {
      await hub.branding.deleteLogo(params.id);
      return reply(204);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/branding/:id/logo',
    operationId: 'getLogo',
    summary: "A workspace's logo, as its connect pages show it (public)",
    tag: 'connect',
    access: 'public',
    params: LogoParams,
    query: LogoQuery,
    errors: ['database_unavailable'],
    responses: {
      200: { description: 'The logo, with its stored type.', mediaType: 'image/*' },
    },
    handle: async ({ hub, ctx, params, query }) => {
      const logo = await hub.branding.logo(params.id);
      if (!logo) throw new NotFoundError('Logo');
      sendImage(ctx, logo, query.v);
      return undefined;
    },
  }),
];
