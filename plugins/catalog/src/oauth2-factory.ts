import { defineProvider, endpointUrl } from '@plugboard/core';
import oauth2, { scopeDescriptionsSchema } from '@plugboard/provider-oauth2';
import { z } from 'zod';
import { tileLogo } from './logo.js';
import type { OAuth2Preset } from './types.js';

const required = z.string({ error: 'required' }).min(1, 'required');

/** Options of a catalog OAuth2 provider: the client, and overrides (another region, a fake in tests). */
export const oauth2PresetOptions = z.object({
  clientId: required,
  clientSecret: required,
  /** The self-hoster's own logo (SVG text) instead of the drawn tile; the hub sanitises it at load. */
  logo: z.string().trim().min(1).optional(),
  /** Replaces the preset's default scopes. */
  scopes: z.array(z.string().min(1)).optional(),
  /** Words for scopes the preset does not describe (those `scopes` adds), or other words for ones it does. */
  scopeDescriptions: scopeDescriptionsSchema.default({}),
  /** Merged over the preset's authorization parameters. */
  authorizationParams: z.record(z.string(), z.string()).default({}),
  /** Replaces one or more of the preset's URLs (an EU data centre, a self-hosted instance, a fake in tests). */
  endpoints: z
    .object({
      authorizationUrl: endpointUrl(),
      tokenUrl: endpointUrl(),
      revocationUrl: endpointUrl(),
      accountUrl: endpointUrl(),
      apiBaseUrl: endpointUrl(),
    })
    .partial()
    .default({}),
});

/** Builds the provider factory of one preset on the generic OAuth2 engine. */
export function oauth2PresetFactory(preset: OAuth2Preset) {
  return defineProvider({
    id: preset.id,
    optionsSchema: oauth2PresetOptions,
    setup: (options, context) => {
      const url = { ...presetUrls(preset), ...options.endpoints };
      const { account } = preset;
      const { kind, specVersion, specMinor, id, ...definition } = oauth2(
        {
          name: preset.name,
          logo: options.logo ?? tileLogo(preset),
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          authorizationUrl: url.authorizationUrl,
          tokenUrl: url.tokenUrl,
          revocationUrl: url.revocationUrl,
          userinfoUrl: account.from === 'api' ? url.accountUrl : undefined,
          scopes: options.scopes ?? preset.scopes.default,
          scopeDescriptions: { ...preset.scopes.descriptions, ...options.scopeDescriptions },
          scopeSeparator: preset.scopes.separator ?? ' ',
          apiBaseUrl: url.apiBaseUrl,
          allowedHosts: preset.hosts ?? [],
          clientAuth: preset.clientAuth,
          pkce: preset.pkce,
          authorizationParams: { ...preset.authorizationParams, ...options.authorizationParams },
          accountFrom: account.from === 'api' ? 'userinfo' : 'tokenResponse',
          userinfoRequest:
            account.from === 'api' ? { method: account.method ?? 'GET', body: account.body } : { method: 'GET' },
          accountIdClaim: account.id,
          accountNameClaims: account.name ?? [],
        },
        context,
      );
      return definition;
    },
  });
}

/** A preset's own URLs, by the names `endpoints` overrides them with. */
export function presetUrls(preset: OAuth2Preset) {
  return {
    authorizationUrl: preset.authorizationUrl,
    tokenUrl: preset.tokenUrl,
    revocationUrl: preset.revocationUrl,
    accountUrl: preset.account.from === 'api' ? preset.account.url : undefined,
    apiBaseUrl: preset.apiBaseUrl,
  };
}
