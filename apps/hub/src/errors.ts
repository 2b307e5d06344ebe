import { type ErrorDetail, PlugboardError, ValidationError } from '@plugboard/core';

/** Formats problems one per line, the way every hub error prints them. */
export function formatProblems(details: ErrorDetail[]): string {
  return details.map((detail) => `  ${detail.path}: ${detail.message}`).join('\n');
}

/** The config file is unreadable or invalid; `details` lists every problem, each naming its path. */
export class ConfigError extends ValidationError {
  readonly file: string;

  constructor(file: string, details: ErrorDetail[]) {
    const count = details.length === 1 ? '1 problem' : `${details.length} problems`;
    super(`Invalid config ${file} (${count}):\n${formatProblems(details)}`, details);
    this.name = 'ConfigError';
    this.file = file;
  }
}

/** Why a provider entry could not be loaded. */
export type PluginErrorReason =
  | 'not_installed'
  | 'incompatible'
  | 'broken'
  | 'missing_dependency'
  | 'not_a_provider'
  | 'bad_pick'
  | 'invalid_options'
  | 'setup_failed'
  | 'duplicate_id';

/** A provider entry of the config could not be loaded; each detail names the entry's path. */
export class PluginError extends PlugboardError {
  readonly reason: PluginErrorReason;

  constructor(reason: PluginErrorReason, message: string, details: ErrorDetail[], options?: { cause?: unknown }) {
    super('validation_error', message, { details, cause: options?.cause });
    this.name = 'PluginError';
    this.reason = reason;
  }
}

/** A PluginError with one problem, printed as `path: message`. */
export function pluginError(reason: PluginErrorReason, path: string, message: string, cause?: unknown): PluginError {
  return new PluginError(reason, `${path}: ${message}`, [{ path, message }], { cause });
}
