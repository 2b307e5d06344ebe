import { z } from 'zod';
import { consentPage, errorPage } from './consent-page.js';
import type { SandboxSettings } from './options.js';
import { pickParams, readForm } from './request-params.js';
import { redirectToClient } from './responses.js';
import { parseScopes } from './scopes.js';
import { SealedValues } from './sealed-values.js';
import type { TokenAuthority } from './tokens.js';
import { MAX_ACCOUNT_NAME_LENGTH } from './users.js';

const TRANSACTION_LIFETIME_MS = 10 * 60_000;

const transactionSchema = z.object({
  clientId: z.string(),
  redirectUri: z.string(),
  scopes: z.array(z.string()),
  state: z.string().optional(),
  codeChallenge: z.string(),
});

type Transaction = z.infer<typeof transactionSchema>;

// The host also goes into the consent page's CSP header, so only plain names and IP literals pass:
// WHATWG URLs accept hosts such as `a;b` that would inject a directive.
const PLAIN_HOST = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i;

/** The redirect URI as a URL when it is absolute http(s), without credentials or fragment (RFC 6749 §3.1.2). */
function usableRedirectUri(value: string): URL | undefined {
  if (value.includes('#') || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  const usable =
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    !url.username &&
    !url.password &&
    PLAIN_HOST.test(url.hostname);
  return usable ? url : undefined;
}

/** The authorization endpoint: GET validates the request and shows the consent page, POST carries out the decision. */
export class AuthorizeEndpoint {
  readonly #settings: SandboxSettings;
  readonly #tokens: TokenAuthority;
  readonly #transactions: SealedValues<Transaction>;
  readonly #action: string;

  /** `action` is the path the consent form posts back to. */
  constructor(settings: SandboxSettings, tokens: TokenAuthority, action: string) {
    this.#settings = settings;
    this.#tokens = tokens;
    this.#transactions = new SealedValues(settings.signingKey, 'consent-transaction', transactionSchema, settings.now);
    this.#action = action;
  }

  /** GET /authorize */
  show(request: Request): Response {
    const query = new URL(request.url).searchParams;
    const clientIds = query.getAll('client_id');
    if (clientIds.length !== 1 || clientIds[0] !== this.#settings.clientId) {
      return errorPage(400, 'Unknown app', 'The app that sent you here is not registered with the sandbox.');
    }
    const redirectUris = query.getAll('redirect_uri');
    // Kept as sent: the token request must repeat it exactly (RFC 6749 §4.1.3).
    const redirectUriText = redirectUris.length === 1 ? redirectUris[0] : undefined;
    const redirectUri = redirectUriText ? usableRedirectUri(redirectUriText) : undefined;
    if (!redirectUriText || !redirectUri) {
      return errorPage(400, 'Invalid redirect address', 'The app did not give a usable address to send you back to.');
    }
    // Only the hub's own callback (and the URIs the config lists): anything else would make the hub's origin an
    // open redirect. Compared exactly, as registered redirect URIs are (RFC 6749 §3.1.2.3).
    if (!this.#settings.redirectUris.includes(redirectUriText)) {
      return errorPage(400, 'Unknown redirect address', 'The sandbox only sends you back to the hub that opened it.');
    }
    // From here on the redirect URI is trusted enough to carry errors back (RFC 6749 §4.1.2.1).
    const picked = pickParams(query, ['response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']);
    const states = query.getAll('state');
    const state = states.length === 1 && states[0] ? states[0] : undefined;
    const fail = (error: string, description: string) =>
      redirectToClient(redirectUriText, { error, error_description: description, state });
    if (picked.repeated) return fail('invalid_request', `The ${picked.repeated} parameter is repeated.`);
    const params = picked.values;
    if (params.response_type !== 'code') {
      return params.response_type
        ? fail('unsupported_response_type', 'Only response_type=code is supported.')
        : fail('invalid_request', 'response_type is required.');
    }
    if (params.code_challenge_method !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge ?? '')) {
      return fail('invalid_request', 'PKCE is required: send a code_challenge with code_challenge_method=S256.');
    }
    const scopes = parseScopes(params.scope);
    if (!scopes) return fail('invalid_scope', 'The scope names a scope the sandbox does not know.');
    const transaction = this.#transactions.seal(
      {
        clientId: this.#settings.clientId,
        redirectUri: redirectUriText,
        scopes,
        state,
        codeChallenge: params.code_challenge!,
      },
      this.#settings.now() + TRANSACTION_LIFETIME_MS,
    );
    return consentPage({
      clientId: this.#settings.clientId,
      redirectOrigin: redirectUri.origin,
      scopes,
      transaction,
      action: this.#action,
    });
  }

  /** POST /authorize */
  async decide(request: Request): Promise<Response> {
    // The consent form posts to its own origin; a post from another site is someone else's form.
    const site = request.headers.get('sec-fetch-site');
    if (site && site !== 'same-origin') {
      return errorPage(403, 'Request refused', 'The consent form can only be sent from the sandbox consent page.');
    }
    const form = await readForm(request);
    const picked = form && pickParams(form, ['transaction', 'decision', 'account_name']);
    const transaction = picked?.values?.transaction && this.#transactions.open(picked.values.transaction)?.payload;
    if (!picked?.values || !transaction) {
      return errorPage(400, 'This consent request has expired', 'The consent form is invalid or too old.');
    }
    const { decision, account_name } = picked.values;
    const { redirectUri, state } = transaction;
    if (decision === 'deny') {
      return redirectToClient(redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied access.',
        state,
      });
    }
    const accountName = account_name?.trim() ?? '';
    if (decision !== 'approve' || !accountName || accountName.length > MAX_ACCOUNT_NAME_LENGTH) {
      return errorPage(
        400,
        'Invalid answer',
        `Choose Approve or Deny, with an account name of 1 to ${MAX_ACCOUNT_NAME_LENGTH} characters.`,
      );
    }
    const code = this.#tokens.mintCode({
      clientId: transaction.clientId,
      redirectUri,
      codeChallenge: transaction.codeChallenge,
      scopes: transaction.scopes,
      accountName,
    });
    return redirectToClient(redirectUri, { code, state });
  }
}
