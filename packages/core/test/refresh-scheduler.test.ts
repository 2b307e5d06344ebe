import { randomBytes } from 'node:crypto';
import { createTestDatabase, startFakeOAuthServer, testEngines } from '@plugboard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshLookahead } from '../src/connections/scheduler.js';
import { fakeOAuthProvider, startTestHub } from './support/hub.js';

const engines = await testEngines();
const MINUTE = 60_000;

describe('refresh look-ahead', () => {
  const issued = '2026-01-01T00:00:00.000Z';
  const expiring = (lifetimeMs: number) => ({
    token_expires_at: new Date(Date.parse(issued) + lifetimeMs).toISOString(),
    last_refreshed_at: issued,
    updated_at: '2020-01-01T00:00:00.000Z',
  });

  it('is a fifth of the lifetime, at most the maximum, at least one scan interval', () => {
    expect(refreshLookahead(expiring(4 * MINUTE), 5 * MINUTE, 37_500)).toBe(48_000);
    expect(refreshLookahead(expiring(60 * MINUTE), 5 * MINUTE, 37_500)).toBe(5 * MINUTE);
    expect(refreshLookahead(expiring(MINUTE), 5 * MINUTE, 37_500)).toBe(37_500);
    // Never refreshed: the tokens date from the connect (the row's last update).
    expect(refreshLookahead({ ...expiring(4 * MINUTE), last_refreshed_at: null }, 5 * MINUTE, 0)).toBe(5 * MINUTE);
    expect(refreshLookahead({ ...expiring(4 * MINUTE), token_expires_at: null }, 5 * MINUTE, 0)).toBe(5 * MINUTE);
  });
});

// DESIGN.md rule 8.8 and the background-refresh target: 30 connections with 240 s tokens, two engines (two
// processes' worth of schedulers) on one database, one simulated hour. Only `Date` is faked, so the engines'
// clocks move in jittered 30 s passes while the database and the provider's HTTP stay real.
describe.each(engines)('background refresh on %s, two engines, one simulated hour', (engine) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes each connection within 1.5x of what a 240 s token needs, and never lets one expire', async () => {
    const fake = await startFakeOAuthServer();
    const db = createTestDatabase(engine);
    const keys = [randomBytes(32).toString('base64')];
    const provider = fakeOAuthProvider(fake.origin, fake.clientSecret);
    const { hub } = await startTestHub(db, [provider], { encryptionKeys: keys });
    const { hub: sibling } = await startTestHub(db, [provider], { encryptionKeys: keys });
    try {
      const lifetimeS = 240;
      fake.behaviour.refresh = 'rotate';
      fake.behaviour.expiresIn = lifetimeS;
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const workspaceId = (await hub.workspaces.create({ name: 'fleet' })).id;
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        const session = await hub.connectSessions.create(workspaceId, { provider: 'fake', ownerId: `o-${i}` });
        const result = await hub.completeCallback(fake.approve(session.authorizationUrl!));
        if (!result.ok) throw new Error(result.error.message);
        ids.push(result.connection.id);
        // Connections arrive over a few minutes, so their expiries are spread as in real life.
        vi.advanceTimersByTime(7_000);
      }

      const start = Date.now();
      const hourMs = 60 * MINUTE;
      const before = fake.tokenRequests('refresh_token');
      // Each engine passes every 30 s +/- 20%, as its scheduler does; the earliest pass runs next.
      const jittered = () => 30_000 * (0.8 + Math.random() * 0.4);
      const engines = [
        { hub, next: start + jittered() },
        { hub: sibling, next: start + jittered() },
      ];
      let expired = 0;
      for (;;) {
        const due = engines.reduce((a, b) => (a.next <= b.next ? a : b));
        if (due.next > start + hourMs) break;
        vi.setSystemTime(due.next);
        await due.hub.background.refreshDue();
        due.next += jittered();
        const listed = await hub.connections.list(workspaceId, { limit: 100 });
        expired += listed.data.filter((c) => Date.parse(c.tokenExpiresAt!) <= Date.now()).length;
        expect(listed.data.every((c) => c.status === 'active')).toBe(true);
      }
      const perConnectionHour = (fake.tokenRequests('refresh_token') - before) / ids.length;
      const needed = 3600 / lifetimeS;
      expect(expired).toBe(0);
      expect(perConnectionHour).toBeGreaterThanOrEqual(needed - 1);
      expect(perConnectionHour).toBeLessThanOrEqual(needed * 1.5);
    } finally {
      vi.useRealTimers();
      await hub.close();
      await sibling.close();
      await db.drop();
      await fake.close();
    }
  }, 180_000);
});
