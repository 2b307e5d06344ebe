import { createFakeProvider, type FakeProvider, type FakeResponse } from '@plugboard/plugin-kit';
import { presetUrls } from '../src/oauth2-factory.js';
import type { AccountFields, ApiKeyPreset, OAuth2Preset } from '../src/types.js';

/** The account a fake answers for a preset: its fields filled in at the preset's paths. */
export function expectedAccount(presetId: string) {
  return { id: `acct-${presetId}`, name: `Name of ${presetId}`, email: `${presetId}@example.com` };
}

/** A JSON answer holding the expected account at the preset's field paths (`data.viewer.id`, `0.id`). */
export function accountAnswer(presetId: string, fields: Partial<AccountFields>): Record<string, unknown> {
  const account = expectedAccount(presetId);
  const answer: Record<string, unknown> = {};
  if (fields.id) place(answer, fields.id, account.id);
  if (fields.name?.[0]) place(answer, fields.name[0], account.name);
  if (fields.email && fields.email !== fields.name?.[0] && fields.email !== fields.id) {
    place(answer, fields.email, account.email);
  }
  return answer;
}

function place(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** A URL of the preset moved onto the fake: same path and query, the fake's origin. */
export function onFake(fake: FakeProvider, url: string): string {
  const parsed = new URL(url);
  return fake.url(`${parsed.pathname}${parsed.search}`);
}

/** A fake configured from the preset alone: its paths, PKCE, client auth, scope separator, refresh tokens, account. */
export function oauth2Fake(preset: OAuth2Preset): Promise<FakeProvider> {
  const path = (url: string) => new URL(url).pathname;
  const { account } = preset;
  const answer = accountAnswer(preset.id, account);
  const routes: Record<string, (request: { tokenValid: boolean }) => FakeResponse> = {};
  if (account.from === 'api') {
    routes[`${account.method ?? 'GET'} ${path(account.url)}`] = ({ tokenValid }) =>
      tokenValid ? { body: answer } : { status: 401, body: { error: 'invalid_token' } };
  }
  return createFakeProvider({
    clientAuth: preset.clientAuth,
    pkce: preset.pkce === 'S256' ? 'required' : 'none',
    scopeSeparator: preset.scopes.separator ?? ' ',
    refreshTokens: preset.refreshTokens ? 'keep' : 'none',
    accessTokenTtl: preset.refreshTokens ? 3600 : null,
    paths: {
      authorize: path(preset.authorizationUrl),
      token: path(preset.tokenUrl),
      revoke: preset.revocationUrl ? path(preset.revocationUrl) : null,
    },
    ...(account.from === 'tokenResponse'
      ? { tokenResponse: (standard) => ({ body: { ...standard, ...answer } }) }
      : {}),
    routes,
  });
}

/** The catalog options pointing every URL of the preset at its fake. */
export function oauth2FakeOptions(preset: OAuth2Preset, fake: FakeProvider) {
  const endpoints = Object.fromEntries(
    Object.entries(presetUrls(preset)).flatMap(([name, url]) => (url ? [[name, onFake(fake, url)]] : [])),
  );
  return { clientId: fake.clientId, clientSecret: fake.clientSecret, endpoints };
}

/** The good key every API-key fake accepts. */
export const GOOD_KEY = 'sk-good-catalog-key-0123456789';

/** Where an API-key preset's fake finds the key it was sent, by the preset's placement. */
export function presentedKey(preset: ApiKeyPreset, headers: Record<string, string | undefined>): string | undefined {
  const { key } = preset;
  if (key.type === 'bearer') return headers.authorization?.replace(/^Bearer /, '');
  if (key.type === 'header') return headers[key.name.toLowerCase()]?.slice((key.prefix ?? '').length);
  const decoded = Buffer.from(headers.authorization?.replace(/^Basic /, '') ?? '', 'base64').toString('utf8');
  const [user = '', password = ''] = decoded.split(':');
  return key.as === 'username' ? user : password;
}
