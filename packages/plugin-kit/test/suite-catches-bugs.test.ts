import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Failed test titles per suite (`plugboard provider conformance: <id>`), and all their failure messages, from a vitest JSON report. */
async function runFixtures(): Promise<{ failed: Map<string, string[]>; messages: Map<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'plugin-kit-fixtures-'));
  const report = join(dir, 'report.json');
  try {
    const vitest = join(packageDir, 'node_modules', '.bin', 'vitest');
    const args = ['run', '--config', 'test/fixtures/vitest.config.ts', '--reporter=json', `--outputFile=${report}`];
    // The fixtures fail on purpose, so a non-zero exit is expected.
    await promisify(execFile)(vitest, args, { cwd: packageDir }).catch(() => undefined);
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: {
        assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }[];
      }[];
    };
    const failed = new Map<string, string[]>();
    const messages = new Map<string, string>();
    for (const result of parsed.testResults.flatMap((file) => file.assertionResults)) {
      const suite = result.ancestorTitles.join(' > ').replace('plugboard provider conformance: ', '');
      failed.set(suite, [...(failed.get(suite) ?? []), ...(result.status === 'failed' ? [result.title] : [])]);
      if (result.status === 'failed') {
        messages.set(suite, [messages.get(suite) ?? '', ...result.failureMessages].join('\n'));
      }
    }
    return { failed, messages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const title = {
  url: 'builds the authorization URL: client_id, redirect_uri, response_type=code, scopes, PKCE, params and a state',
  exchange: 'exchanges the code from GET /oauth/callback with the declared client auth, format and PKCE verifier',
  connection:
    'makes the expected connection (GET /v1/connections/:id): account id, name and metadata valid by metadataSchema',
  signing: 'signs the API requests of the account step with the access token',
  refresh: 'refreshes (POST /refresh) with one refresh_token grant, serves the new token, and keeps a rotated one',
  keep: 'keeps the old refresh token when a refresh answer carries none (RFC 6749 section 6)',
  deadGrant: 'a dead grant (invalid_grant) on refresh makes the connection reauth_required (409)',
  revocation: 'DELETE /v1/connections/:id revokes the grant at the revoke endpoint, then deletes',
  canary: 'never lets an issued token, the client secret or a canary into a response body or a log line',
  imported: 'imports tokens (POST /v1/connections): 201, the account of the connect flow, signed account requests',
  importedProxy: 'an imported connection serves the imported token and signs proxied requests with it',
  importedRefresh: 'refreshes an imported connection (POST /refresh), from the imported refresh token',
  importRefused: 'refuses a token the provider refuses: 400 validation_error, and nothing stored',
};

const typedIn = {
  refused: 'verify refuses credentials the provider refuses: a 400 the connect form shows, and no connection',
  outage: 'a provider outage during verify is a 502-class error, and the connect session stays usable',
  signing: 'signs requests with the credentials where the provider reads them (while connecting and through the proxy)',
  canary: 'never lets a credential or a canary into a response body or a log line',
};

describe('the conformance suite catches broken plugins', () => {
  let failed: Map<string, string[]>;
  let messages: Map<string, string>;
  beforeAll(async () => {
    ({ failed, messages } = await runFixtures());
  }, 300_000);

  it.each([
    ['drops-prompt', [title.url]],
    ['misnames-account', [title.connection, title.imported]],
    ['no-version-header', [title.signing, title.imported, title.importedProxy]],
    ['all-errors-retryable', [title.deadGrant, title.importRefused]],
    ['account-from-exchange', [title.imported, title.importedProxy, title.importedRefresh, title.importRefused]],
    ['refusal-is-outage', [title.importRefused]],
    ['no-revocation', [title.revocation]],
    ['leaks-token', [title.canary]],
  ])('%s fails exactly the test that proves it', (variant, expected) => {
    expect(failed.get(variant)).toEqual(expected);
  });

  it('a failed OAuth2 check names the hook and the rule at fault, not only the statuses', () => {
    expect(messages.get('all-errors-retryable')).toContain('auth.classifyError / parseTokenResponse: a dead grant');
    expect(messages.get('no-revocation')).toContain('auth.revocationUrl / auth.revoke');
    expect(messages.get('account-from-exchange')).toContain('account: imported tokens (POST /v1/connections) must');
    expect(messages.get('refusal-is-outage')).toContain('account / auth.classifyError: an access token the provider');
  });

  it('a plugin sending its secret in the body fails the code exchange (and everything built on a connection)', () => {
    expect(failed.get('secret-in-body')).toContain(title.exchange);
  });

  it('a plugin that never refreshes fails the refresh tests', () => {
    expect(failed.get('never-refreshes')).toEqual(expect.arrayContaining([title.refresh, title.keep]));
  });

  it.each([
    ['refused-is-reauth', typedIn.refused, 'auth.verify: credentials the provider refused must be a 400'],
    ['outage-is-refusal', typedIn.outage, 'auth.verify: a provider outage (503 at GET /v1/account)'],
    ['key-in-wrong-header', typedIn.signing, 'api.authorize (signing): GET /v1/account must carry'],
    ['leaks-key', typedIn.canary, 'canary: where'],
  ])('typed-in %s fails exactly the test that proves it, naming the hook and the rule', (variant, title, rule) => {
    expect(failed.get(variant)).toEqual([title]);
    expect(messages.get(variant)).toContain(rule);
  });
});
