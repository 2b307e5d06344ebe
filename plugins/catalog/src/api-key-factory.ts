import { type Credentials, defineProvider, endpointUrl, type OutgoingRequest, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { tileLogo } from './logo.js';
import { readPath } from './paths.js';
import type { ApiKeyPreset, KeyPlacement } from './types.js';

/** Options of a catalog API-key provider: another API base URL (a fake in tests, a region), the self-hoster's logo. */
export const apiKeyPresetOptions = z.object({
  apiBaseUrl: endpointUrl().optional(),
  /** SVG text instead of the drawn tile; the hub sanitises it at load. */
  logo: z.string().trim().min(1).optional(),
});

/**
 * Builds the provider factory of one API-key preset: the key is checked against the preset's verify endpoint
 * before a connection is saved, and that answer names the account (one call, not two).
 */
export function apiKeyPresetFactory(preset: ApiKeyPreset) {
  return defineProvider({
    id: preset.id,
    optionsSchema: apiKeyPresetOptions,
    setup: (options) => ({
      name: preset.name,
      logo: options.logo ?? tileLogo(preset),
      auth: {
        type: 'api_key',
        async verify({ fetch }) {
          const answer = await readProviderJson(fetch, preset.verify.path, z.unknown(), {
            what: `check the ${preset.name} API key`,
          }).catch((error: { code?: unknown; message?: unknown }) => {
            // A refused key is the user's typo, not a lost grant: a plain Error makes it a 400 the form shows.
            if (error.code === 'reauth_required') throw new Error(`${preset.name} refused the key.`);
            throw error;
          });
          const id = preset.verify.id ? readPath(answer, preset.verify.id) : undefined;
          if (id === undefined || id === null || id === '') return undefined;
          const name = (preset.verify.name ?? []).map((path) => readPath(answer, path)).find(isText);
          return { id: String(id), name };
        },
      },
      api: {
        baseUrl: options.apiBaseUrl ?? preset.apiBaseUrl,
        defaultHeaders: preset.headers,
        // A bearer key is what the hub's default signer sends for an API key, on the proxy's fast path (no
        // Headers object, no URL copy, no promise per call); only other placements need a signer of their own.
        ...(preset.key.type === 'bearer' ? {} : { authorize: keySigner(preset.key) }),
      },
    }),
  });
}

// Puts the key where a preset that does not take a bearer token wants it: a header of its own, or basic auth.
function keySigner(placement: Exclude<KeyPlacement, { type: 'bearer' }>) {
  return (request: OutgoingRequest, credentials: Credentials) => {
    if (credentials.type !== 'api_key') return;
    const key = credentials.apiKey;
    if (placement.type === 'header') {
      request.headers.set(placement.name, `${placement.prefix ?? ''}${key}`);
      return;
    }
    const pair = placement.as === 'username' ? `${key}:${placement.other ?? ''}` : `${placement.other ?? ''}:${key}`;
    request.headers.set('authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
  };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
