import { defineProvider, readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { optionsSchema, resolveSettings } from './options.js';
import { SANDBOX_LOGO } from './presentation.js';
import { createSandboxHttp } from './router.js';
import { DEFAULT_SCOPES, SCOPE_DESCRIPTIONS } from './scopes.js';

export type { SandboxOptions } from './options.js';

/** What the sandbox keeps about a connected account. */
export const metadataSchema = z.object({ email: z.string() });

/** The sandbox account metadata. */
export type SandboxMetadata = z.infer<typeof metadataSchema>;

const meSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

/** The sandbox provider: an OAuth2 authorization server and a tiny API served by the hub itself, so it works with no credentials. */
export default defineProvider({
  id: 'sandbox',
  optionsSchema,
  setup(options, context) {
    const base = context.mountUrl.replace(/\/+$/, '');
    const settings = resolveSettings(options, context);
    return {
      name: 'Sandbox',
      logo: SANDBOX_LOGO,
      auth: {
        type: 'oauth2',
        authorizationUrl: `${base}/authorize`,
        tokenUrl: `${base}/token`,
        revocationUrl: `${base}/revoke`,
        scopes: { default: [...DEFAULT_SCOPES], separator: ' ', descriptions: SCOPE_DESCRIPTIONS },
        pkce: 'S256',
        clientAuth: 'basic',
        client: { clientId: settings.clientId, clientSecret: settings.clientSecret },
      },
      api: { baseUrl: `${base}/api` },
      metadataSchema,
      async account({ fetch }) {
        // A refused token (401) is reauth_required, which an import of tokens answers as the caller's 400.
        const me = await readProviderJson(fetch, '/me', meSchema, { what: 'look up the sandbox user' });
        return { id: me.id, name: me.name, metadata: { email: me.email } };
      },
      http: createSandboxHttp(settings, base),
    };
  },
});
