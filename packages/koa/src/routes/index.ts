import type { Route } from '../route.js';
import { apiKeyRoutes } from './api-keys.js';
import { brandingRoutes } from './branding.js';
import { callbackRoutes } from './callback.js';
import { connectSessionRoutes } from './connect-sessions.js';
import { connectionRoutes } from './connections.js';
import { healthRoutes } from './health.js';
import { mcpRoutes } from './mcp.js';
import { oauthAppRoutes } from './oauth-apps.js';
import { providerMountRoutes } from './provider-mounts.js';
import { providerRoutes } from './providers.js';
import { proxyRoutes } from './proxy.js';
import { webhookRoutes } from './webhooks.js';
import { workspaceRoutes } from './workspaces.js';

/** The route table: the router registers exactly these, and the OpenAPI document describes exactly these. */
export const routes: readonly Route[] = [
  ...workspaceRoutes,
  ...brandingRoutes,
  ...apiKeyRoutes,
  ...providerRoutes,
  ...oauthAppRoutes,
  ...connectSessionRoutes,
  ...callbackRoutes,
  ...connectionRoutes,
  ...webhookRoutes,
  ...proxyRoutes,
  ...mcpRoutes,
  ...healthRoutes,
  ...providerMountRoutes,
];
