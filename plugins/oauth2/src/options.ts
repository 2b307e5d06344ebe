import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const required = z.string({ error: 'required' }).min(1, 'required');

/** Scopes in plain words, `{ scope: { text, sensitive? } }`; the hub checks the sentences' lengths at load. */
export const scopeDescriptionsSchema = z.record(
  z.string().min(1),
  z.object({ text: z.string().min(1), sensitive: z.boolean().optional() }).strict(),
);

/** Scopes asked for when the config names none: OpenID Connect's basics with an issuer, nothing without. */
export const OIDC_DEFAULT_SCOPES = ['openid', 'profile', 'email'];

/** Options of the generic OAuth2 / OpenID Connect provider. */
export const optionsSchema = z
  .object({
    /** Display name in the hub's lists and connect pages. */
    name: z.string().min(1).default('OAuth2'),
    /** The provider's logo as SVG text; the hub sanitises it at load and refuses one that is not an SVG. */
    logo: z.string().trim().min(1).optional(),
    /** OpenID Connect issuer: endpoints not given below come from its discovery document. */
    issuer: httpUrl.optional(),
    authorizationUrl: httpUrl.optional(),
    tokenUrl: httpUrl.optional(),
    userinfoUrl: httpUrl.optional(),
    revocationUrl: httpUrl.optional(),
    clientId: required,
    clientSecret: required,
    scopes: z.array(z.string().min(1)).optional(),
    /** What each scope lets the app do, in a short sentence, for the connect page; the hub checks the lengths. */
    scopeDescriptions: scopeDescriptionsSchema.default({}),
    scopeSeparator: z.string().min(1).default(' '),
    /** Where API calls through the proxy go; the issuer's origin, or else the token URL's. */
    apiBaseUrl: httpUrl.optional(),
    /** More hosts the proxy may reach besides the API, issuer and userinfo hosts. */
    allowedHosts: z
      .array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'a host, e.g. api.example.com or 127.0.0.1:8080'))
      .default([]),
    clientAuth: z.enum(['basic', 'post']).default('basic'),
    pkce: z.enum(['S256', 'none']).default('S256'),
    authorizationParams: z.record(z.string(), z.string()).default({}),
    /** Where the account's claims come from: the ID token and userinfo endpoint, or the token response itself. */
    accountFrom: z.enum(['userinfo', 'tokenResponse']).default('userinfo'),
    /** How the userinfo URL is called: a GraphQL API takes a POST with a JSON body (`{"query":"{ viewer { id } }"}`). */
    userinfoRequest: z
      .object({
        method: z.enum(['GET', 'POST']).default('GET'),
        body: z.string().max(8000).optional(),
      })
      .default({ method: 'GET' }),
    /** Claim (or dotted path, e.g. `data.id`) holding the account's stable id. */
    accountIdClaim: z.string().min(1).default('sub'),
    /** Claims tried in order for the account's display name. */
    accountNameClaims: z.array(z.string().min(1)).default(['name', 'preferred_username', 'email']),
  })
  .superRefine((options, ctx) => {
    if (options.issuer) return;
    for (const key of ['authorizationUrl', 'tokenUrl'] as const) {
      if (!options[key]) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'required when there is no issuer to discover it from' });
      }
    }
  })
  .transform((options) => ({
    ...options,
    scopes: options.scopes ?? (options.issuer ? OIDC_DEFAULT_SCOPES : []),
  }));

/** Options after parsing: defaults applied. */
export type OAuth2Options = z.output<typeof optionsSchema>;
