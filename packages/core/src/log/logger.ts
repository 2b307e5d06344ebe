import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths pino censors wherever they appear in a log object (redaction by path). */
export const REDACTED_PATHS = [
  '*.accessToken',
  '*.refreshToken',
  '*.idToken',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.clientSecret',
  '*.client_secret',
  '*.apiKey',
  '*.password',
  '*.secret',
  '*.key',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.code_verifier',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

const CENSOR = '[redacted]';
const MIN_SECRET_LENGTH = 8;
// Most secrets (tokens, JWTs, hex and base64url keys) are one run of these characters: a line is split into
// runs and each run is looked up in a set, so the cost follows the line's length, not the number of secrets.
const TOKEN_RUN = /[A-Za-z0-9._~-]{8,}/g;
const TOKEN_ONLY = /^[A-Za-z0-9._~-]+$/;
const tokenSecrets = boundedSet(50_000);
// The rest (passwords with spaces, padded base64) are few and scanned one by one.
const otherSecrets = boundedSet(2_000);

/**
 * Registers a secret value so every Plugboard logger censors it wherever it shows up (redaction by value):
 * a token inside an error message or a URL is caught even when no path names it.
 */
export function registerSecret(value: string | null | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  (TOKEN_ONLY.test(value) ? tokenSecrets : otherSecrets).add(value);
}

/** Censors every registered secret in a serialized log line (raw and JSON-escaped forms). */
export function redactKnownSecrets(line: string): string {
  let out = line.replace(TOKEN_RUN, (run) => (tokenSecrets.has(run) ? CENSOR : run));
  for (const secret of otherSecrets.values()) {
    if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(CENSOR);
  }
  return out;
}

/** A pino logger that redacts by path and by value. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      hooks: { streamWrite: redactKnownSecrets },
    },
    options.destination,
  );
}

/** A set that forgets its oldest entries beyond `limit`, so registering secrets never grows memory without bound. */
function boundedSet(limit: number) {
  const items = new Set<string>();
  return {
    add(value: string) {
      if (items.has(value)) return;
      if (items.size >= limit) {
        const oldest = items.values().next().value;
        if (oldest !== undefined) items.delete(oldest);
      }
      items.add(value);
    },
    has: (value: string) => items.has(value),
    values: () => items.values(),
  };
}
