export {
  type ConnectOptions,
  type ConnectResult,
  type ConnectWindow,
  connect,
  DEFAULT_TIMEOUT_MS,
  type PopupWindow,
} from './connect.js';
export { ConnectError, type ConnectErrorCode, type ProviderError } from './connect-error.js';
