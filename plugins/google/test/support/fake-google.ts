import {
  createFakeProvider,
  type FakeProvider,
  type FakeProviderOptions,
  type FakeResponse,
} from '@plugboard/plugin-kit';

// Google client ids look like this; the fake's ID tokens name it as their audience.
const CLIENT_ID = '123456789012-fake.apps.googleusercontent.com';

/** The Google user the fake signs in. */
export const ADA = {
  sub: '110169484474386276334',
  name: 'Ada Lovelace',
  given_name: 'Ada',
  family_name: 'Lovelace',
  picture: 'https://lh3.googleusercontent.com/a/ada',
  email: 'ada@example.com',
  email_verified: true,
};

/** Ada's Gmail mailbox address (an alias of her sign-in address, so the two are told apart). */
export const MAILBOX = 'ada.lovelace@example.com';

/** One page of the Admin API's account summaries. */
export interface SummaryPage {
  accountSummaries: {
    name: string;
    account: string;
    displayName: string;
    propertySummaries?: { property: string; displayName: string; propertyType?: string; parent: string }[];
  }[];
  nextPageToken?: string;
}

/** Two Analytics accounts over two pages of account summaries, as the Admin API v1beta returns them. */
export const SUMMARY_PAGES: SummaryPage[] = [
  {
    accountSummaries: [
      {
        name: 'accountSummaries/1000',
        account: 'accounts/1000',
        displayName: 'Analytical Engines Ltd',
        propertySummaries: [
          {
            property: 'properties/2001',
            displayName: 'engines.example',
            propertyType: 'PROPERTY_TYPE_ORDINARY',
            parent: 'accounts/1000',
          },
          {
            property: 'properties/2002',
            displayName: 'notes.example',
            propertyType: 'PROPERTY_TYPE_ORDINARY',
            parent: 'accounts/1000',
          },
        ],
      },
    ],
    nextPageToken: 'page-2',
  },
  {
    accountSummaries: [
      {
        name: 'accountSummaries/1001',
        account: 'accounts/1001',
        displayName: 'Difference Engine Club',
        propertySummaries: [{ property: 'properties/3001', displayName: 'club.example', parent: 'accounts/1001' }],
      },
      // An account without properties: Google leaves `propertySummaries` out.
      { name: 'accountSummaries/1002', account: 'accounts/1002', displayName: 'Empty' },
    ],
  },
];

/** A property's data streams as the Admin API v1beta lists them: web streams carry the site's default URI. */
export const DATA_STREAMS: Record<string, Record<string, unknown>[]> = {
  'properties/2001': [
    {
      name: 'properties/2001/dataStreams/4001',
      type: 'WEB_DATA_STREAM',
      displayName: 'engines.example web',
      webStreamData: { measurementId: 'G-ENGINES01', defaultUri: 'https://engines.example' },
    },
  ],
  // An app stream listed before the web one: the web stream's URI is the property's.
  'properties/2002': [
    {
      name: 'properties/2002/dataStreams/4002',
      type: 'IOS_APP_DATA_STREAM',
      iosAppStreamData: { bundleId: 'example.notes', firebaseAppId: '1:2002:ios:1' },
    },
    {
      name: 'properties/2002/dataStreams/4003',
      type: 'WEB_DATA_STREAM',
      webStreamData: { measurementId: 'G-NOTES0001', defaultUri: 'https://notes.example/app' },
    },
  ],
  // An app-only property: no website.
  'properties/3001': [
    {
      name: 'properties/3001/dataStreams/4004',
      type: 'ANDROID_APP_DATA_STREAM',
      androidAppStreamData: { packageName: 'example.club', firebaseAppId: '1:3001:android:1' },
    },
  ],
};

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Two messages as Gmail's users.messages.get answers them with `format=full`: multipart with an attachment, HTML only. */
export const MESSAGES: Record<string, Record<string, unknown>> = {
  '18c1f2a3b4c5d6e7': {
    id: '18c1f2a3b4c5d6e7',
    threadId: '18c1f2a3b4c5d6e0',
    labelIds: ['INBOX', 'UNREAD'],
    snippet: 'The engine can compute Bernoulli numbers',
    internalDate: '1763900000000',
    payload: {
      mimeType: 'multipart/mixed',
      headers: [
        { name: 'From', value: 'Charles Babbage <charles@example.com>' },
        { name: 'To', value: 'Ada Lovelace <ada@example.com>' },
        { name: 'Cc', value: 'Mary Somerville <mary@example.com>' },
        { name: 'Subject', value: 'Note G' },
        { name: 'Date', value: 'Mon, 24 Nov 2026 10:00:00 +0000' },
      ],
      parts: [
        {
          mimeType: 'multipart/alternative',
          parts: [
            { mimeType: 'text/plain', body: { size: 41, data: b64('The engine can compute Bernoulli numbers.') } },
            {
              mimeType: 'text/html',
              body: { size: 48, data: b64('<p>The engine can compute Bernoulli numbers.</p>') },
            },
          ],
        },
        { mimeType: 'application/pdf', filename: 'note-g.pdf', body: { size: 52_000, attachmentId: 'ANGjdJ8' } },
      ],
    },
  },
  '18c1f2a3b4c5d6e8': {
    id: '18c1f2a3b4c5d6e8',
    threadId: '18c1f2a3b4c5d6e8',
    labelIds: ['INBOX'],
    snippet: 'Tickets for Thursday',
    payload: {
      mimeType: 'text/html',
      headers: [
        { name: 'from', value: 'Royal Society <events@example.org>' },
        { name: 'subject', value: 'Lecture & dinner' },
      ],
      body: {
        size: 80,
        data: b64('<div>Tickets for <b>Thursday</b>&nbsp;&amp; dinner<br>See you</div><style>p{}</style>'),
      },
    },
  },
};

// Gmail answers `format=metadata` with the asked headers only and no body.
function gmailMessage(id: string, query: URLSearchParams): FakeResponse {
  const message = MESSAGES[id];
  if (!message)
    return {
      status: 404,
      body: { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } },
    };
  if (query.get('format') !== 'metadata') return { body: message };
  const wanted = query.getAll('metadataHeaders').map((name) => name.toLowerCase());
  const payload = message.payload as { mimeType: string; headers: { name: string; value: string }[] };
  return {
    body: {
      ...message,
      payload: {
        mimeType: payload.mimeType,
        headers: payload.headers.filter((h) => wanted.includes(h.name.toLowerCase())),
      },
    },
  };
}

// Google's API error shape (google.rpc.Status as JSON).
const unauthenticated: FakeResponse = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  body: {
    error: {
      code: 401,
      message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.',
      status: 'UNAUTHENTICATED',
    },
  },
};

/** An unsigned JWT shaped like Google's ID tokens (the engine checks iss, aud and exp; signatures are TLS-trusted). */
export function googleIdToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'fake-key', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/**
 * A fake Google: client_secret_post, PKCE S256, refresh answers without a refresh_token, an ID token when `openid`
 * was granted, userinfo, Gmail's users.getProfile, and the Analytics Admin API's account summaries (`summaryPages`,
 * chained by page tokens `page-2`, `page-3`...) and each listed property's data streams (`DATA_STREAMS`, else none).
 */
export function createFakeGoogle(
  overrides: Partial<FakeProviderOptions> & {
    idTokenClaims?: Record<string, unknown>;
    summaryPages?: SummaryPage[];
  } = {},
) {
  const { idTokenClaims, summaryPages = SUMMARY_PAGES, ...options } = overrides;
  const propertyIds = summaryPages.flatMap((page) =>
    page.accountSummaries.flatMap((summary) => (summary.propertySummaries ?? []).map(({ property }) => property)),
  );
  return createFakeProvider({
    clientId: CLIENT_ID,
    clientAuth: 'post',
    pkce: 'required',
    accessTokenTtl: 3599,
    refreshTokens: 'omit',
    paths: { authorize: '/o/oauth2/v2/auth', token: '/token', revoke: '/revoke' },
    tokenResponse: (standard) => {
      const granted = String(standard.scope ?? '').split(' ');
      if (!granted.includes('openid')) return { body: standard };
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: 'https://accounts.google.com',
        azp: CLIENT_ID,
        aud: CLIENT_ID,
        sub: ADA.sub,
        email: ADA.email,
        email_verified: true,
        iat: now,
        exp: now + 3600,
        ...idTokenClaims,
      };
      return { body: { ...standard, id_token: googleIdToken(claims) } };
    },
    routes: {
      'GET /v1/userinfo': ({ tokenValid }) =>
        tokenValid
          ? { body: ADA }
          : { status: 401, body: { error: 'invalid_request', error_description: 'Invalid Credentials' } },
      'GET /gmail/v1/users/me/profile': ({ tokenValid }) =>
        tokenValid
          ? { body: { emailAddress: MAILBOX, messagesTotal: 1843, threadsTotal: 1201, historyId: '987654' } }
          : unauthenticated,
      // developers.google.com/gmail/api/reference/rest/v1/users.messages/list: ids only, newest first.
      'GET /gmail/v1/users/me/messages': ({ tokenValid, query }) => {
        if (!tokenValid) return unauthenticated;
        const ids = Object.keys(MESSAGES).filter(
          (id) => !query.get('q')?.includes('from:charles') || id === '18c1f2a3b4c5d6e7',
        );
        const max = Number(query.get('maxResults') ?? 100);
        const messages = ids.slice(0, max).map((id) => ({ id, threadId: MESSAGES[id]!.threadId }));
        return {
          body: { messages, resultSizeEstimate: ids.length, ...(ids.length > max && { nextPageToken: 'next-1' }) },
        };
      },
      ...Object.fromEntries(
        Object.keys(MESSAGES).map((id) => [
          `GET /gmail/v1/users/me/messages/${id}`,
          ({ tokenValid, query }: { tokenValid: boolean; query: URLSearchParams }) =>
            tokenValid ? gmailMessage(id, query) : unauthenticated,
        ]),
      ),
      // developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport
      'POST /v1beta/properties/3001:runReport': ({ tokenValid, json }) => {
        if (!tokenValid) return unauthenticated;
        const request = (json ?? {}) as { dimensions?: { name: string }[]; metrics?: { name: string }[] };
        const dimensions = request.dimensions ?? [];
        const metrics = request.metrics ?? [];
        const rows = ['GB', 'FR'].map((country, i) => ({
          dimensionValues: dimensions.map(() => ({ value: country })),
          metricValues: metrics.map(() => ({ value: String(120 - i * 50) })),
        }));
        return {
          body: {
            dimensionHeaders: dimensions,
            metricHeaders: metrics.map(({ name }) => ({ name, type: 'TYPE_INTEGER' })),
            rows,
            rowCount: rows.length,
            metadata: { currencyCode: 'GBP', timeZone: 'Europe/London' },
            kind: 'analyticsData#runReport',
          },
        };
      },
      'GET /v1beta/accountSummaries': ({ tokenValid, query }) => {
        if (!tokenValid) return unauthenticated;
        const token = query.get('pageToken');
        const page = token === null ? 0 : Number(token.replace('page-', '')) - 1;
        return { body: summaryPages[page] };
      },
      // developers.google.com/analytics/devguides/config/admin/v1/rest/v1beta/properties.dataStreams/list
      ...Object.fromEntries(
        propertyIds.map((property) => [
          `GET /v1beta/${property}/dataStreams`,
          ({ tokenValid }: { tokenValid: boolean }) =>
            tokenValid ? { body: { dataStreams: DATA_STREAMS[property] ?? [] } } : unauthenticated,
        ]),
      ),
    },
    ...options,
  });
}

/** The provider options that point every Google endpoint of `product`'s API at the fake. */
export function fakeGoogleOptions(fake: FakeProvider, apiPath: string) {
  return {
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    authorizationUrl: fake.url('/o/oauth2/v2/auth'),
    tokenUrl: fake.url('/token'),
    revocationUrl: fake.url('/revoke'),
    userinfoUrl: fake.url('/v1/userinfo'),
    apiBaseUrl: fake.url(apiPath),
  };
}
