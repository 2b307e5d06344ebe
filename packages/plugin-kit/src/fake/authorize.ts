import type { FakeSettings } from './settings.js';
import type { TokenStore } from './token-store.js';

/** An authorization request the fake accepted: where to send the user back, and with which state. */
export interface AcceptedAuthorization {
  redirectUri: string;
  state: string | undefined;
  challenge: string | undefined;
  scopes: string[];
}

/** Validates an authorization request as the provider's consent page would; throws a message naming what is wrong. */
export function checkAuthorization(url: URL, settings: FakeSettings, origin: string): AcceptedAuthorization {
  const expected = `${origin}${settings.paths.authorize}`;
  if (`${url.origin}${url.pathname}` !== expected) {
    throw new Error(`The authorization URL ${url.origin}${url.pathname} is not this fake's ${expected}.`);
  }
  const params = url.searchParams;
  if (params.get('client_id') !== settings.clientId) {
    throw new Error(`client_id is ${JSON.stringify(params.get('client_id'))}, expected "${settings.clientId}".`);
  }
  if (params.get('response_type') !== 'code') {
    throw new Error(`response_type is ${JSON.stringify(params.get('response_type'))}, expected "code".`);
  }
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri || !URL.canParse(redirectUri)) {
    throw new Error(`redirect_uri ${JSON.stringify(redirectUri)} is not an absolute URL.`);
  }
  const challenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method');
  if (settings.pkce === 'required' && !challenge) throw new Error('PKCE is required: code_challenge is missing.');
  if (settings.pkce !== 'none' && challenge && method !== 'S256') {
    throw new Error(`code_challenge_method is ${JSON.stringify(method)}, expected "S256".`);
  }
  const scope = params.get('scope') ?? '';
  return {
    redirectUri,
    state: params.get('state') ?? undefined,
    // A provider without PKCE ignores the parameters, as real ones ignore what they do not know.
    challenge: settings.pkce === 'none' ? undefined : challenge,
    scopes: scope.split(settings.scopeSeparator).filter((part) => part !== ''),
  };
}

/** Issues a code for an accepted request and returns the callback query the provider would redirect with. */
export function approveAuthorization(
  accepted: AcceptedAuthorization,
  store: TokenStore,
  extra: Record<string, string> = {},
): Record<string, string> {
  const code = store.issueCode({
    redirectUri: accepted.redirectUri,
    challenge: accepted.challenge,
    scopes: accepted.scopes,
  });
  return { code, ...(accepted.state === undefined ? {} : { state: accepted.state }), ...extra };
}
