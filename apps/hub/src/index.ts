export { type HubConfig, type LoadConfigOptions, loadConfig } from './config/load.js';
export type { ConfigMode, ProviderEntry } from './config/schema.js';
export { ConfigError, PluginError, type PluginErrorReason } from './errors.js';
export { type DevKeysResult, ensureDevKeys } from './keys/dev-keys.js';
export { type LoadProvidersContext, loadProvider, loadProviders } from './plugins/loader.js';
export { type RunningServer, startServer } from './server.js';
