export { TOOL_CALL_EVENT, type ToolCallRecord } from './agents/audit.js';
export {
  DEFAULT_MCP_TOKEN_SECONDS,
  MAX_MCP_TOKEN_SECONDS,
  type MintedMcpToken,
  mintMcpTokenInput,
} from './agents/tokens.js';
export { currentConnectionInput } from './connections/current.js';
export {
  connectionCallbackInput,
  createConnectionInput,
  type ImportedOAuth2,
  listConnectionsInput,
} from './connections/inputs.js';
export type { RefreshSchedulerOptions } from './connections/scheduler.js';
export * from './contract/index.js';
export { createKeyRing, type EnvelopeContext, type KeyRing } from './crypto/keyring.js';
export type { KeyRingCheck, ReencryptReport } from './crypto/reencrypt.js';
export { secretsEqual } from './crypto/secrets.js';
export { parseAllowList, refusalReason } from './egress/addresses.js';
export { createEgressPolicy, type EgressOptions, type EgressPolicy, isEgressRefusal } from './egress/policy.js';
export * from './errors.js';
export type { WebhookDispatcherOptions } from './events/dispatcher.js';
export { EVENT_TYPES, type EventType } from './events/outbox.js';
export { signWebhook, verifyWebhook } from './events/signature.js';
export {
  createWebhookInput,
  DELIVERY_FAILURES,
  type DeliveryFailure,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './events/webhooks.js';
export { createHub } from './hub.js';
export type * from './hub-types.js';
export { checkImage, IMAGE_TYPES, type ImageType, MAX_IMAGE_BYTES } from './images/image.js';
export { MAX_SVG_BYTES, type SanitizedSvg, sanitizeSvg } from './images/svg.js';
export { createLogger, REDACTED_PATHS, redactKnownSecrets, registerSecret } from './log/logger.js';
export * from './model.js';
export type { HubObserver, HubStats } from './observer.js';
export type { ProxyOptions, ProxyRequest, ProxyResponse } from './proxy/forward.js';
export { HOP_BY_HOP, requestHeadersToForward, responseHeadersToReturn } from './proxy/headers.js';
export type { RateLimitOptions } from './proxy/rate-limit.js';
export { chooseProviderInput, createConnectSessionInput, type SessionGoneReason } from './sessions/connect-sessions.js';
export { backupSqlite, type SqliteBackup } from './store/backup.js';
export {
  type DatabaseEngine,
  type DatabaseTimeouts,
  migrateStore,
  type OpenStoreOptions,
  openStore,
  type Store,
} from './store/database.js';
export { isDatabaseUnavailable } from './store/resilience.js';
export type { Database } from './store/schema.js';
export { createApiKeyInput } from './tenancy/api-keys.js';
export type { AuthThrottleOptions } from './tenancy/auth-throttle.js';
export { brandingInput, type Logo, logoInput } from './tenancy/branding.js';
export { putOAuthAppInput } from './tenancy/oauth-apps.js';
export { createWorkspaceInput, updateWorkspaceInput } from './tenancy/workspaces.js';
