import type { Provider } from '@plugboard/core';
import type { ConformanceSetup, FieldsConformanceSetup } from './types.js';

const CLIENT_AUTH = ['basic', 'post', 'query', 'json'];
const REFRESH = ['standard', 'custom', 'none'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a setup proves a typed-in-credentials plugin (its `expect` names the credentials the fake accepts). */
export function isFieldsSetup(setup: ConformanceSetup): setup is FieldsConformanceSetup {
  return typeof setup.expect === 'object' && setup.expect !== null && 'credentials' in setup.expect;
}

/**
 * What a setup lacks, one line each, before anything starts: a suite run without them fails in ways that do
 * not name the cause (an options function that is missing makes every URL invalid).
 */
export function missingFromSetup(setup: ConformanceSetup): string[] {
  const missing: string[] = [];
  if (typeof setup?.fake !== 'function') missing.push('fake: a function that starts the fake (createFakeProvider)');
  if (typeof setup?.options !== 'function') missing.push("options: (fake) => your plugin's options for that fake");
  const expected = setup?.expect as unknown as Record<string, unknown> | undefined;
  if (typeof expected !== 'object' || expected === null) return [...missing, 'expect: what the suite checks'];
  if (isFieldsSetup(setup)) {
    const { credentials } = setup.expect;
    const typed = typeof credentials === 'object' && credentials !== null ? Object.values(credentials) : [];
    if (typed.length === 0 || typed.some((value) => typeof value !== 'string')) {
      missing.push('expect.credentials: the fields the fake accepts, as strings ({ apiKey } for api_key)');
    }
    if (!(typeof expected.verifyRoute === 'string' && /^[A-Z]+ \//.test(expected.verifyRoute))) {
      if (expected.verifyRoute !== null) {
        missing.push("expect.verifyRoute: the fake route verify calls ('GET /v1/account'), or null without verify");
      }
    }
    return missing;
  }
  if (typeof expected.pkce !== 'boolean') missing.push('expect.pkce: whether S256 PKCE must be sent (true/false)');
  if (!CLIENT_AUTH.includes(expected.clientAuth as string)) {
    missing.push(`expect.clientAuth: where the client secret goes (${CLIENT_AUTH.join(', ')})`);
  }
  if (typeof (expected.account as { id?: unknown } | undefined)?.id !== 'string') {
    missing.push('expect.account: { id } of the account the fake answers');
  }
  if (!REFRESH.includes(expected.refresh as string)) {
    missing.push(`expect.refresh: how the plugin refreshes (${REFRESH.join(', ')})`);
  }
  if (typeof expected.revocation !== 'boolean') missing.push('expect.revocation: whether delete revokes (true/false)');
  return missing;
}

/**
 * Why a built provider does not fit its setup: a setup for another auth kind, a raw plugin without a signing
 * check, or endpoints the options left on real hosts (the suite would call them).
 */
export function misfits(provider: Provider<any>, setup: ConformanceSetup): string[] {
  const { auth } = provider;
  if (isFieldsSetup(setup) && auth.type === 'oauth2') {
    return [
      `"${provider.id}" uses oauth2: expect takes pkce, clientAuth, account, refresh and revocation (ConformanceExpectations), not credentials`,
    ];
  }
  if (!isFieldsSetup(setup) && auth.type !== 'oauth2') {
    return [
      `"${provider.id}" uses ${auth.type}: expect takes credentials and verifyRoute (FieldsExpectations), not the OAuth2 expectations`,
    ];
  }
  const found: string[] = [];
  if (isFieldsSetup(setup) && auth.type === 'raw' && !setup.expect.signedRequest) {
    found.push('expect.signedRequest: a raw plugin signs requests its own way; say how the fake sees the credentials');
  }
  const endpoints: Record<string, unknown> = { 'api.baseUrl': provider.api?.baseUrl };
  if (auth.type === 'oauth2') {
    Object.assign(endpoints, {
      // An issuer is fetched (discovery) only when an endpoint is left out; else it only names ID tokens' issuer.
      'auth.issuer': auth.authorizationUrl && auth.tokenUrl ? undefined : auth.issuer,
      'auth.authorizationUrl': auth.authorizationUrl,
      'auth.tokenUrl': auth.tokenUrl,
      'auth.revocationUrl': auth.revocationUrl,
      'auth.userinfoUrl': auth.userinfoUrl,
    });
  }
  for (const [name, url] of Object.entries(endpoints)) {
    // Endpoints chosen per connection (functions) are only known once connected.
    if (typeof url === 'string' && !LOOPBACK.has(new URL(url).hostname)) {
      found.push(
        `${name} is ${url}, not the fake: point it at the fake with one of your plugin's options (an option its schema does not declare is dropped)`,
      );
    }
  }
  return found;
}

/** Throws one error listing everything at fault, so an author fixes the setup in one go. */
export function refuse(id: string, problems: string[]): void {
  if (problems.length === 0) return;
  throw new Error(`testProvider(${id}): the setup is incomplete:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
}
