import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestHeadersToForward, responseHeadersToReturn } from '../src/index.js';
import { createRateLimiter } from '../src/proxy/rate-limit.js';
import { retryDelayMs } from '../src/proxy/retry.js';
import { type ApiBase, destinationUrl, resolveTarget } from '../src/proxy/target.js';

describe('rule 7.7: the proxy joins paths itself', () => {
  const base: ApiBase = { origin: 'https://api.example.com', host: 'api.example.com', path: '/v2' };
  const hosts = new Set(['api.example.com', 'upload.example.com']);
  const href = (target: string) => destinationUrl(resolveTarget(target, base, hosts)).href;

  it('joins paths and queries under the base, and takes absolute URLs only on declared hosts', () => {
    expect(href('/users/me?x=1')).toBe('https://api.example.com/v2/users/me?x=1');
    expect(href('users')).toBe('https://api.example.com/v2/users');
    expect(href('https://upload.example.com/f')).toBe('https://upload.example.com/f');
    for (const bad of [
      'https://evil.example/x',
      'http://api.example.com/x',
      '/../x',
      '/a/%2e%2e/x',
      '//evil.example',
      '/a\\b',
    ]) {
      expect(() => resolveTarget(bad, base, hosts), bad).toThrow();
    }
  });

  it('sends what the WHATWG URL parser would make of the joined target, whether it parses it or not', () => {
    // Most targets are joined as text (no URL parse per call); this holds the shortcut to the parser's reading.
    const alphabet = fc.constantFrom(
      ...'aZ09-._~!$&\'()*+,;=:@/%?#[]^|`{}" <>é\u00a0'.split(''),
      'users',
      '%41',
      '%zz',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join('')),
        (target) => {
          let to: ReturnType<typeof resolveTarget>;
          try {
            to = resolveTarget(target, base, hosts);
          } catch {
            return;
          }
          const parsed = new URL(`${base.origin}${base.path}/${target.replace(/^\//, '')}`);
          expect(`${to.origin}${to.path}`).toBe(`${parsed.origin}${parsed.pathname}${parsed.search}`);
          expect(to.host).toBe(parsed.host);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('header hygiene', () => {
  it('forwards none of the caller credentials, forwarding or hop-by-hop headers', () => {
    const forwarded = requestHeadersToForward({
      authorization: 'Bearer caller',
      cookie: 'a=b',
      host: 'hub.example',
      'x-forwarded-for': '1.2.3.4',
      'x-plugboard-retry': 'true',
      connection: 'keep-alive, x-secret-hop',
      'x-secret-hop': '1',
      te: 'trailers',
      accept: 'application/json',
      'x-multi': ['a', 'b'],
    });
    expect(forwarded).toEqual(['accept', 'application/json', 'x-multi', 'a', 'x-multi', 'b']);
  });

  it('returns no cookies and nothing hop-by-hop', () => {
    const returned = responseHeadersToReturn({
      'set-cookie': ['a=1'],
      'transfer-encoding': 'chunked',
      connection: 'x-hop',
      'x-hop': '1',
      'content-type': 'application/json',
      'x-ratelimit-remaining': '9',
    });
    expect(returned).toEqual([
      'content-type',
      'application/json',
      'x-ratelimit-remaining',
      '9',
      'x-content-type-options',
      'nosniff',
      'content-security-policy',
      'sandbox',
    ]);
  });

  it('refuses a header value no HTTP message may carry, before anything is sent', () => {
    for (const value of ['a\r\nb', 'a\nb', 'nul\u0000', 'del\u007f', 'snow \u2603']) {
      expect(() => requestHeadersToForward({ 'x-bad': value }), JSON.stringify(value)).toThrow(
        expect.objectContaining({ code: 'validation_error' }),
      );
    }
    expect(requestHeadersToForward({ 'x-ok': 'caf\u00e9\tau lait' })).toEqual(['x-ok', 'caf\u00e9\tau lait']);
  });
});

describe('retries', () => {
  it('honours Retry-After in seconds and as a date, up to the cap', () => {
    expect(retryDelayMs(0, '2', 10_000)).toBe(2000);
    expect(retryDelayMs(0, '120', 10_000)).toBe(10_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelayMs(0, 'Thu, 01 Jan 2026 00:00:03 GMT', 10_000, now)).toBe(3000);
    const backoff = retryDelayMs(3, undefined, 10_000);
    expect(backoff).toBeGreaterThanOrEqual(400);
    expect(backoff).toBeLessThanOrEqual(1200);
  });
});

describe('per-connection rate limit', () => {
  it('queues requests over the limit instead of failing them, and refuses only past the longest wait', async () => {
    const limiter = createRateLimiter({ perSecond: 20, burst: 2, maxWaitMs: 1_000 });
    const order: number[] = [];
    const started = Date.now();
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.take('c1').then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    // Two went at once (the burst); three waited their 50 ms turns.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await limiter.take('c2');
    const tight = createRateLimiter({ perSecond: 1, burst: 1, maxWaitMs: 100 });
    await tight.take('c');
    await expect(tight.take('c')).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
