import { expect, it } from 'vitest';
import { findClientCredentials } from '../fake/client-auth.js';
import type { Answer } from '../harness/http-client.js';
import { refreshOnce, servedAccessToken } from './refresh-tests.js';
import type { Suite } from './suite.js';

/** Test 8: after a whole lifecycle, no response and no log line holds a token, the client secret or a canary. */
export function canaryTests(suite: Suite): void {
  it('never lets an issued token, the client secret or a canary into a response body or a log line', async () => {
    const env = suite();
    const { harness, fake } = env;
    // A lifecycle of its own, so the sweep has something to find even when run alone.
    const connected = await env.connect();
    await harness.api('GET', `/v1/connections/${connected.connectionId}`);
    await harness.api('GET', '/v1/connections');
    if (env.setup.expect.refresh !== 'none') await refreshOnce(env, connected.connectionId);
    await servedAccessToken(env, connected.connectionId);
    // A replayed callback: the error page must not echo what it was given.
    await harness.call('GET', `/oauth/callback?${new URLSearchParams(connected.approval)}`);
    await harness.api('DELETE', `/v1/connections/${connected.connectionId}`);

    const secrets = [
      ...fake.issued.flatMap((entry) => [entry.accessToken, entry.refreshToken ?? []].flat()),
      fake.clientSecret,
      ...(env.setup.expect.canaries?.(fake) ?? []),
    ];
    // The sweep would pass vacuously if the secrets never reached the hub.
    expect(fake.issued.length).toBeGreaterThan(0);
    expect(harness.logs.length).toBeGreaterThan(0);
    const secretSent = fake.requests.some((request) =>
      Object.values(findClientCredentials(request)).some((found) => found?.secret === fake.clientSecret),
    );
    expect(secretSent, 'the client secret reached the provider').toBe(true);
    const swept = harness.answers.filter((answer) => !answer.carriesCredentials);
    const texts = [
      ...swept.map((answer) => `${answer.method} ${answer.path}\n${headerText(answer)}\n${answer.text}`),
      ...harness.logs,
    ];
    for (const secret of secrets) {
      const leaks = texts.filter((text) => text.includes(secret)).map((text) => text.slice(0, 300));
      expect(leaks, `where ${secret.slice(0, 6)}... leaked`).toEqual([]);
    }
  });
}

/** An answer's headers as text, for the canary sweeps. */
export function headerText(answer: Answer): string {
  return [...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
}
