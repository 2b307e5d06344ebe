import { createFakeProvider, type FakeProvider } from '@plugboard/plugin-kit';

/** The workspace, owner and bot the fake Notion authorizes. */
export const NOTION_AUTH = {
  workspace: { id: '9d4b2a1e-0c3f-4a57-9e1b-5f2d8c7a6b40', name: "Ada's Notion", icon: 'https://example.com/icon.png' },
  owner: { id: '6794760a-1f15-45cd-9c65-0dfe42f5135a', name: 'Ada Lovelace' },
  botId: 'b3414d65-1224-4e4d-9e1b-cc9d8773d601',
};

/** What `POST /v1/search` finds: a page (title in its `title` property) and a data source (top-level title). */
export const NOTION_RESULTS = [
  {
    object: 'page',
    id: '59833787-2cf9-4fdf-8782-e53db20768a5',
    created_time: '2026-11-01T10:00:00.000Z',
    last_edited_time: '2026-11-20T10:00:00.000Z',
    url: 'https://www.notion.so/Analytical-Engine-notes-598337872cf94fdf8782e53db20768a5',
    properties: {
      Name: {
        id: 'title',
        type: 'title',
        title: [
          { type: 'text', plain_text: 'Analytical Engine ' },
          { type: 'text', plain_text: 'notes' },
        ],
      },
      Tags: { id: 'x', type: 'multi_select', multi_select: [] },
    },
  },
  {
    object: 'data_source',
    id: 'a1d8501e-1ac1-43e9-a6bd-ea9fe6c8822b',
    last_edited_time: '2026-11-10T10:00:00.000Z',
    url: 'https://www.notion.so/a1d8501e1ac143e9a6bdea9fe6c8822b',
    title: [{ type: 'text', plain_text: 'Engine parts' }],
    properties: {},
  },
];

/**
 * A fake Notion shaped like the real one (developers.notion.com: create/refresh a token, revoke token): its
 * paths, HTTP Basic client auth with JSON bodies only, no PKCE, tokens without expiry, rotating refresh tokens,
 * and token answers carrying `bot_id`, the workspace and the owner. Its API refuses a call without a
 * `Notion-Version` header, as Notion does.
 */
export function createNotionFake(): Promise<FakeProvider> {
  return createFakeProvider({
    clientId: '1f2d872b-594c-80a4-b2f4-00370af2b13f',
    clientAuth: 'basic',
    tokenRequestFormat: 'json',
    pkce: 'none',
    accessTokenTtl: null,
    refreshTokens: 'rotate',
    paths: { authorize: '/v1/oauth/authorize', token: '/v1/oauth/token', revoke: '/v1/oauth/revoke' },
    tokenResponse: (standard) => ({
      body: {
        access_token: standard.access_token,
        token_type: 'bearer',
        refresh_token: standard.refresh_token,
        bot_id: NOTION_AUTH.botId,
        workspace_name: NOTION_AUTH.workspace.name,
        workspace_icon: NOTION_AUTH.workspace.icon,
        workspace_id: NOTION_AUTH.workspace.id,
        owner: {
          type: 'user',
          user: {
            object: 'user',
            id: NOTION_AUTH.owner.id,
            name: NOTION_AUTH.owner.name,
            avatar_url: null,
            type: 'person',
            person: { email: 'ada@example.com' },
          },
        },
        duplicated_template_id: null,
        request_id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
      },
    }),
    routes: {
      'POST /v1/search': ({ tokenValid, headers, json }) => {
        if (!headers['notion-version']) {
          return notionError(400, 'missing_version', 'Notion-Version header failed validation.');
        }
        if (!tokenValid) return notionError(401, 'unauthorized', 'API token is invalid.');
        const { query = '', filter } = (json ?? {}) as { query?: string; filter?: { value?: string } };
        const results = NOTION_RESULTS.filter(
          (item) =>
            (!filter || item.object === filter.value) &&
            JSON.stringify(item).toLowerCase().includes(query.toLowerCase()),
        );
        return { body: { object: 'list', results, next_cursor: null, has_more: false, type: 'page_or_data_source' } };
      },
      'GET /v1/users/me': ({ tokenValid, headers }) => {
        if (!headers['notion-version']) {
          return notionError(400, 'missing_version', 'Notion-Version header failed validation.');
        }
        if (!tokenValid) return notionError(401, 'unauthorized', 'API token is invalid.');
        return { body: { object: 'user', id: NOTION_AUTH.botId, type: 'bot', name: 'Plugboard', bot: {} } };
      },
    },
  });
}

/** Notion's API error body. */
function notionError(status: number, code: string, message: string) {
  return { status, body: { object: 'error', status, code, message } };
}

/** The plugin's options pointing every endpoint at the fake Notion. */
export const notionOptions = (fake: FakeProvider) => ({
  clientId: fake.clientId,
  clientSecret: fake.clientSecret,
  authorizationUrl: fake.url('/v1/oauth/authorize'),
  tokenUrl: fake.url('/v1/oauth/token'),
  revocationUrl: fake.url('/v1/oauth/revoke'),
  apiBaseUrl: fake.url('/v1'),
});
