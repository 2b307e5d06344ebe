import { z } from 'zod';
import { type EngineContext, newId, readJson } from '../context.js';
import { PlugboardError, parseOrThrow, ValidationError } from '../errors.js';
import { registerSecret } from '../log/logger.js';
import type { AgentGrant, ApiKeyScope } from '../model.js';

const TOKEN_PREFIX = 'pbm_';
const SIGNING_PURPOSE = 'mcp-token';
/** Default lifetime of an MCP token, in seconds. */
export const DEFAULT_MCP_TOKEN_SECONDS = 3600;
/** Longest lifetime of an MCP token: they are handed to agents, so they live for a day at most. */
export const MAX_MCP_TOKEN_SECONDS = 86_400;

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'a provider id');

/** Input of `POST /v1/mcp-tokens`. */
export const mintMcpTokenInput = z.strictObject({
  /** The end user the agent acts for. */
  ownerId: z.string().min(1).max(200),
  /** Provider ids the agent may use; all loaded providers when absent. */
  providers: z.array(slug).min(1).max(100).optional(),
  /** Tool names, or `<provider>.*`; every tool when absent. */
  tools: z
    .array(
      z.string().regex(/^(?:[A-Za-z0-9_.-]{1,128}|[a-z0-9][a-z0-9._-]{0,99}\.\*)$/, 'a tool name or `<provider>.*`'),
    )
    .min(1)
    .max(500)
    .optional(),
  /** Lifetime in seconds. */
  expiresIn: z.number().int().min(60).max(MAX_MCP_TOKEN_SECONDS).default(DEFAULT_MCP_TOKEN_SECONDS),
});

// The signed claims: short names keep the token short enough for a config file.
const claimsSchema = z.object({
  v: z.literal(1),
  jti: z.string(),
  ws: z.string(),
  key: z.string(),
  own: z.string(),
  prv: z.array(z.string()).nullable(),
  tls: z.array(z.string()).nullable(),
  exp: z.number(),
});

/** A minted MCP token: the secret is shown once and never stored. */
export interface MintedMcpToken {
  token: string;
  id: string;
  ownerId: string;
  providers: string[] | null;
  tools: string[] | null;
  expiresAt: string;
}

/**
 * Short-lived, hub-signed MCP tokens: the claims travel in the token (no table), signed with a subkey of the
 * encryption key ring. A token stays valid only while the key that minted it exists and holds `mcp`.
 */
export function createMcpTokenService(ctx: EngineContext, providerExists: (id: string) => boolean) {
  const keyHoldsMcp = async (workspaceId: string, keyId: string) => {
    const row = await ctx.db
      .selectFrom('api_keys')
      .select('scopes')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', keyId)
      .executeTakeFirst();
    return row !== undefined && readJson<ApiKeyScope[]>(row.scopes).includes('mcp');
  };

  return {
    async mint(workspaceId: string, keyId: string, input: unknown): Promise<MintedMcpToken> {
      const data = parseOrThrow(mintMcpTokenInput, input, 'MCP token');
      const unknown = (data.providers ?? []).filter((id) => !providerExists(id));
      if (unknown.length > 0) {
        throw new ValidationError(
          `Unknown provider ${unknown.join(', ')}.`,
          unknown.map((id) => ({ path: `providers[${data.providers!.indexOf(id)}]`, message: `no provider "${id}"` })),
        );
      }
      const expiresAtMs = Date.now() + data.expiresIn * 1000;
      const claims: z.infer<typeof claimsSchema> = {
        v: 1,
        jti: newId(),
        ws: workspaceId,
        key: keyId,
        own: data.ownerId,
        prv: data.providers ? [...new Set(data.providers)] : null,
        tls: data.tools ? [...new Set(data.tools)] : null,
        exp: Math.floor(expiresAtMs / 1000),
      };
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const token = `${TOKEN_PREFIX}${body}.${ctx.keys.sign(SIGNING_PURPOSE, body)}`;
      registerSecret(token);
      return {
        token,
        id: claims.jti,
        ownerId: claims.own,
        providers: claims.prv,
        tools: claims.tls,
        expiresAt: new Date(claims.exp * 1000).toISOString(),
      };
    },

    /** True when a bearer has the MCP token's shape (and so should be checked here, not as an API key). */
    looksLikeToken(bearer: string): boolean {
      return bearer.startsWith(TOKEN_PREFIX);
    },

    /** The grant a token carries; 401 when it is forged, expired, or its key is gone or lost `mcp`. */
    async verify(token: string): Promise<AgentGrant> {
      const invalid = () => new PlugboardError('unauthorized', 'The MCP token is not valid.');
      if (!token.startsWith(TOKEN_PREFIX)) throw invalid();
      const [body, keyId, signature, ...rest] = token.slice(TOKEN_PREFIX.length).split('.');
      if (!body || !keyId || !signature || rest.length > 0) throw invalid();
      if (!ctx.keys.verifySignature(SIGNING_PURPOSE, body, `${keyId}.${signature}`)) throw invalid();
      const parsed = claimsSchema.safeParse(safeJson(Buffer.from(body, 'base64url').toString('utf8')));
      if (!parsed.success) throw invalid();
      const claims = parsed.data;
      registerSecret(token);
      if (claims.exp * 1000 <= Date.now()) {
        throw new PlugboardError('unauthorized', 'The MCP token has expired: mint a new one.');
      }
      if (!(await keyHoldsMcp(claims.ws, claims.key))) {
        throw new PlugboardError('unauthorized', 'The API key that minted this MCP token was deleted.');
      }
      return {
        workspaceId: claims.ws,
        keyId: claims.key,
        ownerId: claims.own,
        providers: claims.prv,
        tools: claims.tls,
        tokenId: claims.jti,
        expiresAt: new Date(claims.exp * 1000).toISOString(),
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
