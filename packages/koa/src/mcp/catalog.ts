import type { ActionDefinition, AgentGrant, Hub, Provider } from '@plugboard/core';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** MCP tool annotations, as the protocol names them. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** What a tool does when called: list the agent's connections, run a provider action, or make a proxied request. */
export type ToolTarget =
  | { kind: 'connections' }
  | { kind: 'action'; provider: string; action: string; wrapped: boolean }
  | { kind: 'request'; provider: string };

/** One tool as the agent sees it, and what it runs. */
export interface AgentTool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema | undefined;
  annotations: ToolAnnotations;
  target: ToolTarget;
}

/** The name of the tool listing the agent's connections. */
export const CONNECTIONS_TOOL = 'connections.list';

const CONNECTION_ID = {
  type: 'string',
  description:
    "Which of the user's connections to use (from connections.list); defaults to the user's own newest one, else the workspace's shared one.",
};

/** Arguments of `<provider>.request`: one HTTP request to the provider's API, signed by the hub. */
export const RequestToolInput = z.strictObject({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  path: z
    .string()
    .min(1)
    .max(8000)
    .describe("A path on the provider's API base URL (`/v1/items`), or an absolute URL on one of its declared hosts."),
  query: z.record(z.string(), z.string().max(8000)).optional().describe('Query parameters to add.'),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name'), z.string().max(8000))
    .optional()
    .describe('Extra request headers; credentials are added by the hub, never by the agent.'),
  body: z.unknown().optional().describe('A JSON value (sent as JSON) or a string (sent as it is).'),
  connectionId: z.string().min(1).max(128).optional().describe(CONNECTION_ID.description),
});

const requestInputSchema = toJsonSchema(RequestToolInput, 'input');

const connectionsTool: AgentTool = {
  name: CONNECTIONS_TOOL,
  description:
    "Lists the accounts this user has connected (and the workspace's shared ones): id, provider, account name, status and non-secret metadata. Use an id as `connectionId` in other tools.",
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  annotations: { title: 'List connected accounts', readOnlyHint: true, openWorldHint: false },
  target: { kind: 'connections' },
};

// Conversions are pure functions of the action's schemas: done once per action, not per listing.
const converted = new WeakMap<
  ActionDefinition,
  Pick<AgentTool, 'inputSchema' | 'outputSchema'> & { wrapped: boolean }
>();

/** Every tool the grant allows, in a stable order: connections.list, then each provider's actions and request tool. */
export function toolsFor(hub: Hub, grant: AgentGrant): AgentTool[] {
  const tools: AgentTool[] = [connectionsTool];
  for (const summary of hub.providers.list()) {
    if (grant.providers && !grant.providers.includes(summary.id)) continue;
    const provider = hub.providers.get(summary.id);
    for (const [name, action] of Object.entries(provider.actions ?? {})) tools.push(actionTool(provider, name, action));
    if (provider.api) tools.push(requestTool(provider));
  }
  return tools.filter((tool) => allowed(grant, tool.name));
}

/** Whether a grant's tool list (exact names, or `<provider>.*`) lets the agent use a tool. */
export function allowed(grant: AgentGrant, name: string): boolean {
  if (!grant.tools) return true;
  return grant.tools.some((entry) => entry === name || (entry.endsWith('.*') && name.startsWith(entry.slice(0, -1))));
}

function actionTool(provider: Provider<any>, name: string, action: ActionDefinition): AgentTool {
  let schemas = converted.get(action);
  if (!schemas) {
    const input = toJsonSchema(action.input, 'input');
    // A tool's arguments are an object; an action taking anything else gets it as `input`.
    const wrapped = input.type !== 'object';
    const properties = wrapped ? { input } : ((input.properties ?? {}) as Record<string, unknown>);
    const output = toJsonSchema(action.output, 'output');
    schemas = {
      wrapped,
      inputSchema: {
        ...(wrapped ? { type: 'object', required: ['input'] } : input),
        properties: { ...properties, ...(!('connectionId' in properties) && { connectionId: CONNECTION_ID }) },
      },
      // Only an object output can be structured content.
      outputSchema: output.type === 'object' ? output : undefined,
    };
    converted.set(action, schemas);
  }
  const hints = action.annotations ?? {};
  return {
    name: `${provider.id}.${name}`,
    description: `${provider.name}: ${action.description ?? `runs the "${name}" action`}`,
    inputSchema: schemas.inputSchema,
    outputSchema: schemas.outputSchema,
    annotations: {
      ...(hints.title !== undefined && { title: hints.title }),
      ...(hints.readOnly !== undefined && { readOnlyHint: hints.readOnly }),
      ...(hints.destructive !== undefined && { destructiveHint: hints.destructive }),
      ...(hints.idempotent !== undefined && { idempotentHint: hints.idempotent }),
      openWorldHint: true,
    },
    target: { kind: 'action', provider: provider.id, action: name, wrapped: schemas.wrapped },
  };
}

function requestTool(provider: Provider<any>): AgentTool {
  return {
    name: `${provider.id}.request`,
    description: `${provider.name}: makes one HTTP request to the ${provider.name} API as the connected account (the hub signs it; only the provider's declared hosts are reachable). Answers the status, content type and body.`,
    inputSchema: requestInputSchema,
    annotations: { title: `${provider.name} API request`, destructiveHint: true, openWorldHint: true },
    target: { kind: 'request', provider: provider.id },
  };
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return json;
}
