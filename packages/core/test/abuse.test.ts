import { createTestDatabase, type TestDatabase } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '../src/index.js';
import { createAuthThrottle } from '../src/tenancy/auth-throttle.js';
import { keyProvider, startTestHub } from './support/hub.js';

describe('abuse limits', () => {
  let db: TestDatabase;
  let hub: Hub;
  let logs: string[];
  let key: string;

  beforeAll(async () => {
    db = createTestDatabase('sqlite');
    ({ hub, logs } = await startTestHub(db, [keyProvider], { authThrottle: { burst: 5, perMinute: 1 } }));
    const workspace = await hub.workspaces.create({ name: 'abuse' });
    ({ key } = await hub.apiKeys.create(workspace.id, { scopes: ['proxy'] }));
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
  });

  it('No throttling of failed authentication: per client address, 429-style rate_limited with a retry time', async () => {
    for (let i = 0; i < 5; i++) expect(await hub.auth.authenticate(`wrong-${i}`, '203.0.113.7')).toBeNull();
    const refused = hub.auth.authenticate('wrong-again', '203.0.113.7');
    await expect(refused).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await refused.catch((error) => error)).retryAfterSeconds).toBeGreaterThan(0);
    // Even the right key waits from that address; another address is not slowed down.
    await expect(hub.auth.authenticate(key, '203.0.113.7')).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await hub.auth.authenticate(key, '203.0.113.8')).toMatchObject({ kind: 'workspace' });
    expect(logs.join('')).toContain('authentication throttled');
    // The proxy's promise-free path for a key seen lately keeps the same rule: the throttled address gets nothing.
    expect(hub.auth.recall(key, '203.0.113.8')).toMatchObject({ kind: 'workspace' });
    expect(hub.auth.recall(key, '203.0.113.7')).toBeUndefined();
  });

  it('No throttling of failed authentication: a refilled bucket is forgotten, and the throttle is quiet again', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const throttle = createAuthThrottle({ burst: 2, perMinute: 60 });
      expect(throttle.quiet()).toBe(true);
      throttle.fail(['client:a']);
      expect(throttle.quiet()).toBe(false);
      vi.advanceTimersByTime(500);
      expect(throttle.quiet()).toBe(false);
      vi.advanceTimersByTime(600);
      expect(throttle.quiet()).toBe(true);
      expect(throttle.retryAfterSeconds(['client:a'])).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('No throttling of failed authentication: per key id, whatever address guesses its secret', async () => {
    const [prefix = '', id = ''] = key.split('_');
    const guess = (i: number) => `${prefix}_${id}_${'x'.repeat(42)}${i}`;
    for (let i = 0; i < 5; i++) expect(await hub.auth.authenticate(guess(i), `198.51.100.${i}`)).toBeNull();
    await expect(hub.auth.authenticate(guess(9), '198.51.100.99')).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
