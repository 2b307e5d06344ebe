export * from './define.js';
export {
  defaultClass,
  PROVIDER_FETCH_INFO,
  type ProviderFetchInfo,
  type ReadProviderJsonInit,
  readProviderJson,
} from './provider-json.js';
export * from './types.js';
export { endpointUrl, originUrl } from './urls.js';
