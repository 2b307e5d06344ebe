import { createHash, timingSafeEqual } from 'node:crypto';
import type { SandboxSettings } from './options.js';
import { oauthError } from './responses.js';

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

// RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
function decodeBasic(header: string): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/=._~-]+) *$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * Authenticates the client of a token or revocation request, by HTTP Basic or by `client_id` and
 * `client_secret` in the body. Undefined when it is the configured client; otherwise the error response.
 */
export function authenticateClient(
  request: Request,
  form: URLSearchParams,
  settings: SandboxSettings,
): Response | undefined {
  const header = request.headers.get('authorization');
  const bodyId = form.getAll('client_id');
  const bodySecret = form.getAll('client_secret');
  if (bodyId.length > 1 || bodySecret.length > 1) {
    return oauthError(400, 'invalid_request', 'Client credentials are repeated.');
  }
  if (header && bodySecret.length) {
    return oauthError(400, 'invalid_request', 'Use one client authentication method, not two.');
  }
  const client = header
    ? decodeBasic(header)
    : bodyId[0] && bodySecret[0]
      ? { clientId: bodyId[0], clientSecret: bodySecret[0] }
      : undefined;
  const authentic =
    client !== undefined &&
    (bodyId[0] === undefined || bodyId[0] === client.clientId) &&
    client.clientId === settings.clientId &&
    sameSecret(client.clientSecret, settings.clientSecret);
  if (authentic) return undefined;
  return oauthError(401, 'invalid_client', 'Client authentication failed.', {
    'www-authenticate': 'Basic realm="sandbox", charset="UTF-8"',
  });
}
