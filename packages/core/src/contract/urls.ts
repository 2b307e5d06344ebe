import { z } from 'zod';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function isSecureOrLoopback(value: string): boolean {
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
}

/**
 * An option holding a provider endpoint: an https URL (plain http only on loopback, for a fake in tests),
 * since client secrets and tokens travel to it.
 */
export function endpointUrl() {
  return z
    .url({ protocol: /^https?$/, error: 'an http(s) URL', abort: true })
    .refine(isSecureOrLoopback, 'an https URL (plain http only on localhost)');
}

/** An option holding a provider origin (scheme, host, port; no path), e.g. `https://graph.facebook.com`. */
export function originUrl() {
  return z
    .url({ protocol: /^https?$/, error: 'an http(s) URL', abort: true })
    .refine((value) => {
      const url = new URL(value);
      return url.pathname === '/' && url.search === '' && url.hash === '' && !url.username && !url.password;
    }, 'an origin such as https://api.example.com, without a path')
    .refine(isSecureOrLoopback, 'an https origin (plain http only on localhost)')
    .transform((value) => new URL(value).origin);
}
