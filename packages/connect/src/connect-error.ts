/** Why a connect flow ended without a connection. */
export type ConnectErrorCode = 'cancelled' | 'timeout' | 'failed' | 'blocked';

/** What the provider or the hub answered when a flow failed (e.g. `access_denied` when the user said no). */
export interface ProviderError {
  code: string;
  message: string;
}

/** The error `connect` rejects with: `code` says why, and a failed flow carries the provider's own error. */
export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  /** `cancelled`: the popup was closed; `timeout`: no answer in time; `failed`: the flow ended in an error; `blocked`: no popup could open. */
  readonly code: ConnectErrorCode;
  /** Set when `code` is `failed`. */
  readonly providerError: ProviderError | undefined;

  constructor(code: ConnectErrorCode, message: string, providerError?: ProviderError) {
    super(message);
    this.code = code;
    this.providerError = providerError;
  }
}
